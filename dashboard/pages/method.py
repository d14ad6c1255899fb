"""About the method: what each figure means, the Green Book references, the sources."""

import streamlit as st

from options.examples import SOURCES_PATH
from report.glossary import GLOSSARY, METHOD

st.title("About the method")
st.markdown(METHOD)

st.subheader("What each figure means")
st.table(GLOSSARY)

with st.expander("Sources of the built-in example (ONS and Public Sector Flex)"):
    st.markdown(SOURCES_PATH.read_text(encoding="utf-8"))
