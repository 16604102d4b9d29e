"""What matters: which of your choices move the chance the plan works out, how much knowing your
own numbers would narrow the answer, and what it would take to reach a goal."""

from __future__ import annotations

import streamlit as st

from ui import state
from ui.entry import ensure_entry_script
from ui.knowledge_view import knowledge_ui
from ui.prose import section
from ui.seek_view import applied_ui, seek_ui
from ui.sweep_view import sweep_ui

ensure_entry_script()

scenario, settings = state.current()
st.title("What matters")
st.caption(section("what_matters", "intro"))

applied_ui(scenario, settings)  # a change just applied from "what would it take"

st.header("Which of your choices move the outcome?")
st.caption(section("what_matters", "tornado"))
sweep_ui(scenario, settings)

st.header("How much would knowing your numbers narrow the answer?")
st.caption(section("what_matters", "knowledge"))
knowledge_ui(scenario, settings)

st.header("What would it take?")
st.caption(section("what_matters", "seek"))
seek_ui(scenario, settings)
