"""The demo programme (the Jura SLIME), loaded by ``python -m binome load_demo``.

This app is the top layer: it may import every other app, and no other app imports it.
"""
