"""The seller profile at /settings, with the short onboarding step after sign-up, and the logo route."""
