"""Reminders and in-app notifications: when each one is due, what it says, its delivery."""
