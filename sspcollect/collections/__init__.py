"""Collections: creating a round of returns, opening it to schools and forces, closing it."""
