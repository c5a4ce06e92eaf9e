"""Plotly figures of the report. Plotly because one HTML file can carry the charts, their data and the
plotting library itself: the report opens offline, and hovering names every council on the funnel."""

from __future__ import annotations

import plotly.graph_objects as go
import polars as pl

from lgo_pipeline.report.funnel import control_limits

_LAYOUT = {"template": "plotly_white", "height": 520, "margin": {"l": 60, "r": 20, "t": 60, "b": 60}}


def funnel_plot(councils: pl.DataFrame, national: float | None, title: str) -> go.Figure:
    """Uphold rate against investigations per council, with 95% and 99.8% limits around the national rate."""
    figure = go.Figure(layout={**_LAYOUT, "title": title})
    if councils.is_empty() or national is None:
        figure.add_annotation(text="No council had a detailed investigation.", showarrow=False)
        return figure
    limits = control_limits(national, int(councils["investigations"].max()))
    for lower, upper, name, dash in ((limits.lower_998, limits.upper_998, "99.8% limits", "dot"),
                                     (limits.lower_95, limits.upper_95, "95% limits", "dash")):
        figure.add_trace(go.Scatter(x=limits.n, y=upper, mode="lines", name=name, line={"dash": dash, "color": "grey"}))
        figure.add_trace(go.Scatter(x=limits.n, y=lower, mode="lines", name=name, showlegend=False,
                                    line={"dash": dash, "color": "grey"}))
    figure.add_trace(go.Scatter(x=[1, limits.n[-1]], y=[national, national], mode="lines",
                                name=f"national rate {national:.0%}", line={"color": "black"}))
    figure.add_trace(go.Scatter(
        x=councils["investigations"].to_list(), y=councils["uphold_rate"].to_list(), mode="markers", name="councils",
        text=councils["organisation_name"].to_list(), customdata=councils["upheld"].to_list(),
        hovertemplate="%{text}<br>%{customdata} upheld of %{x} investigations (%{y:.0%})<extra></extra>",
        marker={"size": 8, "opacity": 0.75},
    ))
    figure.update_xaxes(title="detailed investigations", rangemode="tozero")
    figure.update_yaxes(title="uphold rate", tickformat=".0%", range=[0, 1.02])
    return figure


def box_plot(frame: pl.DataFrame, group: str, value: str, title: str, axis_title: str, log: bool) -> go.Figure:
    """One box per group (every point shown when there are few)."""
    figure = go.Figure(layout={**_LAYOUT, "title": title})
    if frame.is_empty():
        figure.add_annotation(text="No data yet.", showarrow=False)
        return figure
    for name, part in frame.group_by(group, maintain_order=True):
        values = part[value].to_numpy()
        figure.add_trace(go.Box(y=values, name=f"{name[0]} ({len(values)})",
                                boxpoints="all" if len(values) <= 200 else "outliers", jitter=0.4))
    figure.update_yaxes(title=axis_title, type="log" if log else "linear")
    figure.update_layout(showlegend=False)
    return figure
