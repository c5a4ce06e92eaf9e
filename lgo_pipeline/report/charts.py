"""The index page's Plotly figures, drawn from the marts' figures. Plotly because the charts open offline with
one shared copy of the library (assets/plotly.min.js), and hovering names every council on the funnel."""

from __future__ import annotations

import plotly.graph_objects as go
import polars as pl

from lgo_pipeline.report.data import Funnel

_LAYOUT = {"template": "plotly_white", "height": 520, "margin": {"l": 60, "r": 20, "t": 60, "b": 60}}


def _no_data(figure: go.Figure, text: str) -> go.Figure:
    figure.add_annotation(text=text, showarrow=False)
    return figure


def funnel_plot(funnel: Funnel, title: str) -> go.Figure:
    """Uphold rate against investigations per council, with the 95% and 99.8% limits around the national rate."""
    figure = go.Figure(layout={**_LAYOUT, "title": title})
    councils, limits = funnel.councils, funnel.limits
    if councils.is_empty():
        return _no_data(figure, "No council had a detailed investigation.")
    n = limits["investigations"].to_numpy()
    for lower, upper, name, dash in (("lower_99_8", "upper_99_8", "99.8% limits", "dot"),
                                     ("lower_95", "upper_95", "95% limits", "dash")):
        figure.add_trace(go.Scatter(x=n, y=limits[upper].to_numpy(), mode="lines", name=name,
                                    line={"dash": dash, "color": "grey"}))
        figure.add_trace(go.Scatter(x=n, y=limits[lower].to_numpy(), mode="lines", name=name, showlegend=False,
                                    line={"dash": dash, "color": "grey"}))
    national = councils["national_uphold_rate"][0]
    figure.add_trace(go.Scatter(x=[1, int(n[-1])], y=[national, national], mode="lines",
                                name=f"all councils held: {national:.0%}", line={"color": "black"}))
    figure.add_trace(go.Scatter(
        x=councils["investigations"].to_numpy(), y=councils["uphold_rate"].to_numpy(), mode="markers", name="councils",
        text=councils["organisation_name"].to_list(), customdata=councils["upheld"].to_numpy(),
        hovertemplate="%{text}<br>%{customdata} upheld of %{x} investigations (%{y:.0%})<extra></extra>",
        marker={"size": 8, "opacity": 0.75},
    ))
    figure.update_xaxes(title="detailed investigations", rangemode="tozero", **count_axis(int(n[-1])))
    figure.update_yaxes(title="uphold rate", tickformat=".0%", range=[0, 1.02])
    return figure


def count_axis(most: int) -> dict:
    """An axis of counts: whole numbers only (never a tick at 0.2 investigations)."""
    return {"tickformat": "d", "dtick": 1} if most < 10 else {"tickformat": ",d"}


def payments_plot(payments: pl.DataFrame, title: str) -> go.Figure:
    """A box per category from the mart's quartiles: the middle half of the payments, the median, the extremes."""
    figure = go.Figure(layout={**_LAYOUT, "title": title})
    if payments.is_empty():
        return _no_data(figure, "No payments yet.")
    figure.add_trace(go.Box(
        x=[f"{c} ({n})" for c, n in zip(payments["category_top"], payments["payments"])],
        q1=payments["q1_gbp"].to_numpy(), median=payments["median_gbp"].to_numpy(), q3=payments["q3_gbp"].to_numpy(),
        lowerfence=payments["min_gbp"].to_numpy(), upperfence=payments["max_gbp"].to_numpy(), boxpoints=False,
    ))
    figure.update_yaxes(title="£ per payment", type="log")
    figure.update_layout(showlegend=False)
    return figure


def timeliness_plot(timeliness: pl.DataFrame, title: str) -> go.Figure:
    """Median days from (estimated) receipt to decision each year, investigations apart from the rest."""
    figure = go.Figure(layout={**_LAYOUT, "title": title})
    if timeliness.is_empty():
        return _no_data(figure, "No timed decisions yet.")
    for investigation, name in ((True, "detailed investigations"), (False, "other decisions")):
        part = timeliness.filter(pl.col("is_investigation") == investigation)
        figure.add_trace(go.Bar(x=part["financial_year"].to_list(), y=part["median_days"].to_numpy(), name=name,
                                customdata=part["share_within_13_weeks"].to_numpy(),
                                hovertemplate="%{x}: median %{y} days; %{customdata:.0%} within 13 weeks<extra></extra>"))
    figure.update_yaxes(title="median days")
    return figure
