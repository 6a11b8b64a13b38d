"""Frame timing near a boundary: the phase change must not queue behind a bar frame."""

from __future__ import annotations

import pytest

from breathe.core.catalogue import Catalogue
from breathe.core.plan import DoseChoice, plan_session
from breathe.ui.screens.session_layout import BOUNDARY_MARGIN, PAINT_GAP, next_frame_delay


def test_no_bar_frame_just_before_a_boundary() -> None:
    box = plan_session(Catalogue(), "box", DoseChoice(breaths=1)).schedule  # 3 s, then 4-4-4-4
    # 90 ms before the inhale ends: the next bar frame (~67 ms on) would land 23 ms before the
    # boundary, too close for Textual to paint the boundary's frame at once; wait for it.
    near = box.at(3 + 4 - 0.09)
    assert next_frame_delay(near, (0.0, 1.0), 76) == pytest.approx(0.09 + BOUNDARY_MARGIN)
    # Further away the bar keeps its frame rate.
    far = box.at(3 + 4 - 0.09 - PAINT_GAP)
    assert next_frame_delay(far, (0.0, 1.0), 76) < 0.09 + PAINT_GAP
