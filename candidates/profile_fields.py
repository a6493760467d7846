"""The candidate profile's fields, named once in groups.

Every door that lists a profile's fields builds its list from these groups: the staff form (and through it the
imports and the API's update), the admin's fieldsets, the API's serializer and the export. Each door writes its
own extra fields (a reference, counts, consents, the platform) and leaves out what it does not show beside them,
so that what it shows is read in one place.
"""

IDENTITY = ("first_name", "last_name", "email", "phone", "birth_date")
MOBILITY = (
    "max_distance_km",
    "travels_by_car",
    "travels_by_public_transport",
    "travels_by_bike",
    "travels_on_foot",
    "has_driving_licence",
)
WISHES = ("accepts_related_occupations", "education_level", "experience_years", "available_from")
"""The profile's own wishes and experience; desired occupations and certifications are many-to-many beside them."""
CONTRACTS = (
    "accepts_cdi",
    "accepts_cdd",
    "accepts_temporary",
    "accepts_apprenticeship",
    "accepts_professionalisation",
    "accepts_full_time",
    "accepts_part_time",
)

EDITABLE = (*IDENTITY, "commune", *MOBILITY, *WISHES, *CONTRACTS)
"""What staff type on a profile: ``CandidateForm``'s fields, which the imports and the API's update go through."""
