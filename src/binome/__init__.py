"""Binôme — case management for a SLIME (Service Local d'Intervention pour la Maîtrise de l'Énergie)."""
