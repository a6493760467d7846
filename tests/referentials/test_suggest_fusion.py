"""Merging the lexical and the semantic rankings of occupation suggestions: pure, no database, no model."""

from referentials.suggest_fusion import FusionWeights, fuse

CONTACT = ("D1408", "Téléconseiller / Téléconseillère")
HOTLINE = ("I1404", "Technicien / Technicienne de hot line en informatique")
STANDARD = ("M1614", "Standardiste")
RECEPTION = ("M1601", "Hôte / Hôtesse d'accueil")


def codes(fused):
    return [code for code, _, _ in fused]


def test_a_code_in_both_rankings_rises_above_codes_in_one():
    lexical = [(*HOTLINE, 0.6), (*CONTACT, 0.5)]
    semantic = [(*STANDARD, 0.9), (*CONTACT, 0.88)]

    assert codes(fuse(lexical, semantic, 3)) == ["D1408", "I1404", "M1614"]


def test_an_exact_lexical_match_stays_first_whatever_the_semantic_ranking():
    lexical = [(*STANDARD, 1.0), (*RECEPTION, 0.4)]
    semantic = [(*CONTACT, 0.93), (*RECEPTION, 0.92), (*HOTLINE, 0.91)]

    fused = fuse(lexical, semantic, 3)

    assert fused[0] == ("M1614", "Standardiste", 1.0)


def test_a_phrase_without_lexical_match_takes_the_semantic_ranking():
    semantic = [(*CONTACT, 0.9), (*STANDARD, 0.88), (*RECEPTION, 0.85)]

    assert codes(fuse([], semantic, 2)) == ["D1408", "M1614"]


def test_weak_semantic_matches_are_dropped():
    semantic = [(*CONTACT, 0.9), (*STANDARD, 0.5)]

    assert codes(fuse([], semantic, 5)) == ["D1408"]
    assert codes(fuse([], semantic, 5, weights=FusionWeights(semantic_floor=0.0))) == ["D1408", "M1614"]


def test_the_title_shown_is_the_one_typed_when_the_code_matched_lexically():
    lexical = [("D1408", "Téléopérateur / Téléopératrice", 0.7)]
    semantic = [(*CONTACT, 0.9)]

    assert fuse(lexical, semantic, 1)[0][1] == "Téléopérateur / Téléopératrice"


def test_each_code_once_and_confidences_between_zero_and_one_in_decreasing_order():
    lexical = [(*CONTACT, 0.8), (*CONTACT, 0.7), (*HOTLINE, 0.5), (*STANDARD, 0.3)]
    semantic = [(*CONTACT, 0.95), (*RECEPTION, 0.9), (*STANDARD, 0.88)]

    fused = fuse(lexical, semantic, 10)
    confidences = [confidence for _, _, confidence in fused]

    assert codes(fused) == ["D1408", "M1614", "I1404", "M1601"]
    assert all(0.0 < confidence <= 1.0 for confidence in confidences)
    assert confidences == sorted(confidences, reverse=True)
    assert confidences[0] == 1.0  # first in both lists


def test_the_limit_is_kept():
    semantic = [(*CONTACT, 0.9), (*STANDARD, 0.88), (*RECEPTION, 0.85)]

    assert len(fuse([], semantic, 2)) == 2
    assert fuse([], semantic, 0) == []
    assert fuse([], [], 5) == []
