"""About the method: what each figure means, the Green Book references, the sources."""

import streamlit as st

from dashboard import state
from options.examples import SOURCES_PATH
from report.formatting import escape_text
from report.glossary import GLOSSARY, METHOD
from report.tables import vintages_frame

st.title("About the method")
st.markdown(METHOD)

st.header("Green Book parameters")
vintage = state.shown().parameters
st.markdown(
    f"Appraised with **{escape_text(vintage.label)}**: its discount schedules, optimism-bias "
    "table, carbon values and GDP deflator. Sources:\n\n"
    + "\n".join(f"- {escape_text(source)}" for source in vintage.sources)
)
comparison = state.vintage_comparison()
if comparison is not None:
    st.caption(
        f"The scenario as loaded records {escape_text(state.loaded().parameters.id)}; the same "
        "inputs under both vintages (central case, £ real prices of the price base):"
    )
    st.dataframe(vintages_frame(comparison), hide_index=True)

st.header("What each figure means")
st.table(GLOSSARY)

with st.expander("Sources of the built-in example (ONS and Public Sector Flex)"):
    st.markdown(SOURCES_PATH.read_text(encoding="utf-8"))
