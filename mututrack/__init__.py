"""MutuTrack: steer the pooling of services between an intercommunality and its communes."""

__version__ = "0.1.0"
