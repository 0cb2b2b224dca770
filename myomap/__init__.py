"""Myomap: clinical decision support for the neuromuscular treatment of lower back pain."""
