"""Streamlit pages and widgets only: read inputs, call appraise, draw what report/ builds."""
