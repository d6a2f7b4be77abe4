"""The engine's signals, for layers above the lines that follow cases without the lines knowing
them (the portal tells an applicant by SMS that their matter was accepted, refused or needs 补正).

`case_stepped` is sent once the transaction of a step has committed (never for a step that was
rolled back, nor for the bulk import, which writes through the planner): sender is the case's
kind; arguments `case`, `transition` (its name), `event` (the CaseEvent), `actor`, `system`."""

from django.dispatch import Signal

case_stepped = Signal()
