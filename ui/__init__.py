"""NiceGUI pages and HTTP routes. Talks to services/ through PageServices only."""
