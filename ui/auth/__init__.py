"""Log-in and sign-up pages, the route that turns a login ticket into a session cookie, safe redirects."""
