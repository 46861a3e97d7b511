"""Shared fixtures: a throwaway copy of the real project, so tests build real files safely."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import copy_project
from facilitation.build import BuildReport, Project



@pytest.fixture
def project(tmp_path: Path) -> Project:
    """A copy of content/ and templates/ in a temporary folder; build/ starts empty."""
    return copy_project(tmp_path)


@pytest.fixture(scope="session")
def example_pack(tmp_path_factory) -> tuple[Project, BuildReport]:
    """The example charity's pack, built once per test session (read-only for tests)."""
    from facilitation.build import build

    project = copy_project(tmp_path_factory.mktemp("example"))
    return project, build(project, "example")


# End-to-end suites: real clients (LibreOffice, chromium), killed and failing builds, every
# charity built many times. `pytest -m "not slow"` leaves them out, for the edit-and-test loop;
# `make test` runs everything.
SLOW_MODULES = {"test_real_clients", "test_serve", "test_hardening", "test_limits", "test_delivery",
                "test_remote_outputs", "test_cli", "test_pipeline"}
# Tests elsewhere that build whole packs several times, or start LibreOffice or the schema check.
SLOW_TESTS = {
    "test_two_builds_are_byte_identical", "test_branding_goes_into_the_theme", "test_images_get_alt_text_not_a_path",
    "test_the_example_pack_passes_with_no_errors", "test_the_command_reports_and_sets_its_exit_status",
    "test_a_pale_yellow_brand_still_meets_contrast", "test_build_option_builds_first", "test_schema_validation",
    "test_guide_slide_numbers_must_match_the_deck", "test_image_path_and_alt_text",
    "test_force_overwrites_their_edits", "test_libreoffice_converts_it", "test_the_build_command_says_it_kept_their_file",
    "test_a_rebuild_keeps_the_charitys_edits_and_writes_the_fresh_one_beside_it",
    "test_only_built_for_charities_that_have_the_planning_workshop",
    "test_guides_render_for_every_workshop", "test_deck_and_guide_render_identically_twice",
    "test_between_workshop_activities_follow_their_workshop", "test_slide_numbers_in_the_guide_match_the_deck",
    "test_uids_are_unique_and_stable_when_dates_move", "test_a_rebuild_gives_the_same_bytes",
    "test_long_titles_in_verdana_shrink_and_wrap_to_fit", "test_new_starts_a_profile_that_builds_and_never_overwrites",
    "test_the_programme_is_reproducible", "test_a_deck_saved_by_libreoffice_is_still_harvested",
    "test_notes_are_reproducible",
    "test_an_edited_workshop_is_read_again_and_the_rest_come_from_the_cache", "test_a_corrupt_cache_entry_is_made_again",
    "test_a_cache_that_cannot_be_written_only_costs_time", "test_a_deck_is_drawn_again_only_when_its_slides_or_notes_change",
    "test_pack_wide_outputs_are_rendered_again_only_when_what_they_read_changes", "test_a_long_bilingual_remote_title_says_each_half_once_and_fits_the_core_properties",
}


def pytest_collection_modifyitems(config, items):
    for item in items:
        if item.module.__name__.rpartition(".")[2] in SLOW_MODULES or item.originalname in SLOW_TESTS:
            item.add_marker(pytest.mark.slow)
