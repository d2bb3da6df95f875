"""What a store says, for people: the trend report (:func:`write_report`, HTML + Markdown with figures; it
reads the analysis tables, it does not analyse), the figures (``plot_*`` -> matplotlib Figure) and the
interactive, self-contained view of a subgraph (:func:`view`, :func:`select_subgraph`, :func:`write_view`).

>>> import scholargraph.report as report
>>> {"write_report", "view", "plot_topic_trends"} <= set(report.__all__)
True
"""

from .._lazy import attach

__getattr__, __dir__, __all__ = attach(
    __name__,
    {
        **{n: ".trend_report" for n in ("write_report", "build_context", "render_report")},
        **{
            n: ".subgraph_view"
            for n in ("view", "select_subgraph", "write_view", "render_view", "load_membership")
        },
        **{n: ".overview" for n in ("overview_section", "overview_figures", "OVERVIEW_FIGURES")},
        **{
            n: ".figures_overview"
            for n in (
                "plot_annual_production",
                "plot_bradford",
                "plot_lotka",
                "plot_countries",
                "plot_keyword_map",
                "plot_three_field",
            )
        },
        **{
            n: ".figures"
            for n in (
                "plot_topic_trends",
                "plot_topic_panels",
                "plot_burst_timeline",
                "plot_topic_heatmap",
                "plot_community_map",
                "plot_degree_distribution",
                "plot_coverage",
                "save_figure",
            )
        },
    },
)
