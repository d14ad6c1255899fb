"""Everything drawn from Results without Streamlit: tables, the verdict, charts, the pack."""
