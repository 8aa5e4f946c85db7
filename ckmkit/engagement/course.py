"""Chapter 5's names for the engagement-value functions (see :mod:`ckmkit.engagement`).

Besides the functions of :mod:`ckmkit.engagement.value` under the chapter's module
name, :func:`reassess` answers the chapter's "what if the assumptions were
different?" without fitting CLV or simulating word of mouth again.

Examples
--------
>>> from ckmkit.engagement import course
>>> course.COMPONENTS
('clv', 'referral_value', 'influence_value', 'knowledge_value')
"""

from __future__ import annotations

import pandas as pd

from .value import (
    COMPONENTS,
    IDEA_TYPES,
    QUADRANT_NAMES,
    customer_clv,
    engagement_quadrants,
    engagement_value,
    knowledge_value,
    ranking_shift,
    top_overlap,
)

__all__ = ["COMPONENTS", "IDEA_TYPES", "QUADRANT_NAMES", "customer_clv", "engagement_value",
           "engagement_quadrants", "knowledge_value", "ranking_shift", "top_overlap", "reassess"]


def reassess(world, table: pd.DataFrame, *, referral_reward: float = 60.0, incremental_share: float = 0.5,
             influence_lift: float = 0.10, idea_value: float | None = None,
             table_lift: float = 0.10) -> pd.DataFrame:
    """Engagement value under other referral, lift and idea assumptions, without refitting.

    CLV is kept from `table`. Influence value is proportional to the lift (each
    reached customer's value rises by the same share), so it is rescaled rather
    than simulated again; referral and knowledge value are computed afresh by
    :func:`engagement_value` with the kept CLV and no contact ties (so no
    cascade is simulated).

    Parameters
    ----------
    world : CRMWorld
        The world `table` was computed on.
    table : pandas.DataFrame
        A result of :func:`engagement_value` on `world`.
    referral_reward : float, default 60.0
        Reward paid per referral, in yuan.
    incremental_share : float, default 0.5
        Share of referred customers who would not have joined without the referral.
    influence_lift : float, default 0.10
        Share by which a customer reached by word of mouth raises their value.
    idea_value : float, optional
        Value of every adopted idea, in yuan; by default each idea's recorded value.
    table_lift : float, default 0.10
        The lift `table` was computed with.

    Returns
    -------
    pandas.DataFrame
        As :func:`engagement_value` returns it.

    Examples
    --------
    >>> from ckmkit.datasets import make_crm_world
    >>> world = make_crm_world(200, seed=3)
    >>> table = engagement_value(world, runs=20)
    >>> doubled = reassess(world, table, influence_lift=0.2)
    >>> bool((doubled["influence_value"] == 2 * table["influence_value"]).all())
    True
    """
    quick = engagement_value(world, ties=world.ties.iloc[:0], clv=table["clv"], runs=1,
                             referral_reward=referral_reward, incremental_share=incremental_share,
                             idea_value=idea_value)
    quick["influence_value"] = table["influence_value"].reindex(quick.index) * (influence_lift / table_lift)
    quick["engagement_value"] = quick[list(COMPONENTS)].sum(axis=1)
    return quick
