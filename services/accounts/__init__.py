"""Accounts: sign-up and log-in, sessions, the login throttle, email addresses, the seller profile."""
