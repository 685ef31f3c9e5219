"""A new instructor's walk, in Chromium: intro → instructor guide → a syllabus → the Binder and
JupyterHub links for the checkpoint chapter, ready to copy. Prints the time the clicks took."""

from __future__ import annotations

import time

import pytest

from conftest import ROOT, visit
from immunobook.book import course

pytestmark = [pytest.mark.build, pytest.mark.browser]


def test_from_intro_to_a_copyable_binder_link(browser, book_url):
    config = course.load_config(ROOT)
    started = time.monotonic()
    with visit(browser, f"{book_url}/intro.html") as record:
        page = record.page
        page.get_by_role("link", name="Instructor guide").first.click()
        page.wait_for_url("**/instructors/guide.html")
        assert page.locator("#map-checkpoint-inhibitors").count() == 1
        page.locator("article").get_by_role("link", name="syllabi").first.click()
        page.wait_for_url("**/instructors/syllabi.html")
        assert page.get_by_text("A one-week module").count() >= 1
        page.go_back()
        page.locator("article").get_by_role("link", name="Assigning a chapter").first.click()
        page.wait_for_url("**/instructors/assigning.html")
        blocks = page.locator("#the-links-for-one-chapter-a-worked-example div.highlight pre")
        texts = [text.strip() for text in blocks.all_inner_texts()]
        assert course.binder_url(config, "checkpoint-inhibitors") in texts
        assert course.nbgitpuller_url(config, "checkpoint-inhibitors") in texts
        # each link has the copy button readers expect on code blocks
        assert page.locator("#the-links-for-one-chapter-a-worked-example button.copybtn").count() >= 3
        assert not record.external_requests and not record.page_errors
    print(f"\ninstructor walk (intro → guide → syllabi → assigning, links found): "
          f"{time.monotonic() - started:.1f} s of clicking")
