"""Experiments: the studies the notebooks run, built on the maths modules."""
