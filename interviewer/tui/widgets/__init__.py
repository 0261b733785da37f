"""Reusable widgets: level meter, prompt display, support resources."""
