"""Bounded pages for every API list."""

from rest_framework import pagination
from rest_framework.request import Request


class LimitOffsetPagination(pagination.LimitOffsetPagination):
    """``?limit=`` up to ``max_limit`` (a larger one is clamped to it; one that is not a
    positive number gives the default page); ``?offset=`` past the end is an empty page,
    whatever its size, so no number reaches the database that it cannot hold."""

    max_limit = 200

    def get_offset(self, request: Request) -> int:
        return min(super().get_offset(request), self.count)
