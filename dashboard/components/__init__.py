"""Components: functions that receive frames and dataclasses and draw; they never query."""
