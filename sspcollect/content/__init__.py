"""The words people read: one catalogue per journey, the field labels they share, and the
helpers that write dates, times, numbers and plurals as GOV.UK does.

Every message, question, hint and label a school or a police force reads lives here or in a
template, written for the person reading it; nothing shown is built from a field's code.
"""
