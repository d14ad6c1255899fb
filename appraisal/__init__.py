"""Green Book appraisal engine: pure computation, no Streamlit and no file I/O.

The front door is :func:`appraisal.appraise.appraise`; everything else is one
small function per Green Book concept.
"""

__version__ = "0.1.0"
