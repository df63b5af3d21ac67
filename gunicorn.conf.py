"""gunicorn's settings for SSI Coach; ``gunicorn config.wsgi`` reads this file by itself.

Every value can be changed from the environment (docs/deploy.md, "Web processes").
"""

import os

from config.logs import gunicorn_logconfig

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
# Processes per machine: about two per core. Each holds its own database connection
# (CONN_MAX_AGE), so web processes x machines stays below PostgreSQL's max_connections.
workers = int(os.environ.get("WEB_CONCURRENCY", str(2 * (os.cpu_count() or 1) + 1)))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
# Pages answer in well under a second; an archive upload is read by the proxy in front
# before it reaches us. A request still running after this is stuck: its worker restarts.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))
keepalive = 5
# Recycle each process now and then, so that slow leaks never add up.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = max_requests // 10
# The proxy in front (load balancer, nginx) whose X-Forwarded-* headers gunicorn trusts.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
# The application logs one line per request, with its request id (config/logs.py);
# gunicorn's access log would say the same without it.
accesslog = None
errorlog = "-"
if os.environ.get("LOG_FORMAT", "json") == "json":
    logconfig_dict = gunicorn_logconfig()
