"""Customer engagement value: CLV, referral, influence and knowledge value of each customer.

``course`` holds the chapter-5 computation on the CRM world
(:func:`ckmkit.engagement.course.engagement_value`); ``exercises`` its exercises.
Submodules are imported by name, so ``import ckmkit.engagement`` stays light.
"""
