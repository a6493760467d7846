"""The privacy check of a need's messages, as a pure function: no database."""

import pytest

from matching.message_privacy import ProtectedIdentity, message_names_protected, words_of

NADIA = ProtectedIdentity("Nadia", "Benali", "nadia.benali@example.org", "06 01 02 03 04")
JEAN_PIERRE = ProtectedIdentity("Jean-Pierre", "N'Diaye", "", "")
ELODIE = ProtectedIdentity("Élodie", "Lefèvre", "", "")


@pytest.mark.parametrize(
    "text",
    [
        "Avez-vous pu joindre Nadia Benali ?",
        "avez-vous pu joindre nadia benali",
        "BENALI Nadia sera là lundi",
        "Benali, Nadia : disponible",
        "Nadia   Benali",
        "Nadia\nBenali",
        "(Nadia Benali)",
        "Nadia-Benali",
    ],
)
def test_a_full_name_in_either_order_whatever_case_and_punctuation_is_found(text):
    assert message_names_protected(text, [NADIA])


@pytest.mark.parametrize(
    "text", ["elodie lefevre viendra", "ÉLODIE LEFÈVRE viendra", "Lefevre Elodie viendra", "Élodie Lefevre"]
)
def test_accents_do_not_hide_a_name(text):
    assert message_names_protected(text, [ELODIE])


def test_a_compound_name_with_hyphens_and_apostrophes_is_found_written_either_way():
    assert message_names_protected("Jean-Pierre N'Diaye est d'accord", [JEAN_PIERRE])
    assert message_names_protected("N’Diaye Jean Pierre", [JEAN_PIERRE])
    # A name of several words typed as one is the same name.
    assert message_names_protected("jean pierre ndiaye", [JEAN_PIERRE])
    assert message_names_protected("Jeanpierre NDIAYE a rappelé", [JEAN_PIERRE])
    assert message_names_protected("ndiaye jean-pierre", [JEAN_PIERRE])
    # Still whole words: another name that merely starts the same does not match.
    assert not message_names_protected("jean pierre ndiayes", [JEAN_PIERRE])


@pytest.mark.parametrize(
    "text",
    [
        "Les Benalissa Nadia sont arrivés",  # the last name inside a longer word
        "Nadiana Benali",  # the first name inside a longer word
        "Mme Benali a appelé",  # a last name alone does not say who
        "Nadia a appelé, Benali aussi",  # both names, not together
        "Bonjour, le candidat 3 confirme.",
    ],
)
def test_a_name_inside_another_word_or_split_is_not_a_match(text):
    assert not message_names_protected(text, [NADIA])


@pytest.mark.parametrize(
    "text",
    [
        "Écrivez-lui : nadia.benali@example.org",
        "mail NADIA.BENALI@EXAMPLE.ORG.",
        "<nadia.benali@example.org>",
    ],
)
def test_an_e_mail_address_is_found_whatever_its_case(text):
    assert message_names_protected(text, [NADIA])


def test_another_address_containing_it_is_not_a_match():
    assert not message_names_protected("xnadia.benali@example.org.uk", [NADIA])


@pytest.mark.parametrize(
    "text",
    [
        "Appelez le 06 01 02 03 04",
        "tél. 0601020304",
        "+33 6 01 02 03 04",
        "0033601020304",
        "06.01.02.03.04",
        "le 12/03 au 06-01-02-03-04",
    ],
)
def test_a_phone_number_is_found_however_it_is_written(text):
    assert message_names_protected(text, [NADIA])


def test_other_numbers_are_not_a_phone():
    assert not message_names_protected("SIRET 356 000 000 00048, 12 postes, le 06/01/2027", [NADIA])


def test_an_identity_without_e_mail_or_phone_is_found_by_name_only():
    empty = ProtectedIdentity("Sami", "Lefebvre", "", "")
    assert not message_names_protected("Rappel : 06 01 02 03 04, @ bientôt", [empty])
    assert message_names_protected("Sami Lefebvre", [empty])


def test_nothing_is_protected_without_identities():
    assert not message_names_protected("Nadia Benali, 06 01 02 03 04", [])


def test_words_are_folded_without_accents_or_case():
    assert words_of("Élodie L'Hôpital-Duval") == ["elodie", "l", "hopital", "duval"]
