"""Text understanding for the journey stage: each document analysed once (tokens with
lemmas, clauses, language), and each place mention given a typed frame (who moves, in
which role, when, with which modality) by rules kept as data per language
(``lang/<lang>/lexicon.toml``)."""

from routes.nlp.analysis import Analysis, Token, analyse
from routes.nlp.frames import Frame, frame_for
from routes.nlp.lexicon import Lexicon

# The function routes.nlp.lexicon.lexicon is not re-exported: its name would hide the submodule.
__all__ = ["Analysis", "Token", "analyse", "Frame", "frame_for", "Lexicon"]
