"""Member portal pages: signing in by texted code, card, points, rewards, own data."""
