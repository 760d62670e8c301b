"""Steps: a forward and backward pass cut into steps, for the steppers."""
