"""DfE's data dictionary for EES API data sets: the column names it holds, and some items.

An API data set should use only column names from the dictionary (the screener's
`data_dict_col_name`) and, in a dictionary filter, only the dictionary's items
(`data_dict_fil_item`). This is an extract of the dictionary DfE publishes with its
screener: every filter and indicator name, and the items of the establishment filters a
school collection can use. A filter whose items are not listed here is not item-checked.
"""

from __future__ import annotations


def _names(text: str) -> list[str]:
    """The names in text, one per word (kept as text so that the lists stay readable)."""
    return text.split()


FILTERS = frozenset(
    _names(
        """
    age_group age_youth_adult apprenticeship_level area_of_learning attendance_reason
    attendance_status attendance_type breakdown breakdown_topic cla_group disability_status
    disadvantage_status early_learning_goal early_learning_goal_measure education_phase
    education_type education_type_group elg_building_relationships elg_comprehension
    elg_fine_motor_skills elg_gross_motor_skills elg_listening_attention_understanding
    elg_managing_self elg_number elg_numerical_patterns elg_self_regulation elg_speaking
    elg_word_reading elg_writing elgs_expected_number establishment_governance
    establishment_type establishment_type_group ethnicity_major ethnicity_minor first_language
    fsm_eligibility fsm_status funding_type geography_basis grade idaci_decile
    ks2_scaled_score_group learning_difficulty_disability minority_ethnic mobility
    month_of_birth mtc_score phase_type_grouping prior_attainment provider_type
    qualification_detailed qualification_level qualification_type relative_access rurality
    school_admission_type school_cohort_size school_religious_character sen_primary_need
    sen_provision sen_secondary_need sen_status sex subject subject_discount_group
    term_of_birth test_year time_frame years_open young_carer
    """
    )
)

INDICATORS = frozenset(
    _names(
        """
    absent_pupil_count absent_pupil_percent achievement_count achievements_percent
    achieving_count achieving_percent all_elgs_expected_children_count
    all_elgs_expected_children_percent art_qual_entering_percent art_qual_entering_total
    art_subject_entering_percent art_subject_entering_total attainment8_average
    attainment8_sum attainment8ebacc_average attainment8ebacc_slotfill_average
    attainment8ebacc_slotfill_total attainment8ebacc_sum attainment8eng_average
    attainment8eng_sum attainment8mat_average attainment8mat_sum attainment8open_average
    attainment8open_gcse_average attainment8open_gcse_sum attainment8open_nongcse_average
    attainment8open_nongcse_sum attainment8open_slotfill_average attainment8open_slotfill_total
    attainment8open_sum average_scaled_score below_interim_pre_ks_std_pupil_count
    below_interim_pre_ks_std_pupil_percent children_count children_percent
    children_percent_change comm_lang_lit_expected_children_count
    comm_lang_lit_expected_children_percent completed_check_pupil_count
    completed_check_pupil_percent cumulative_pupil_count cumulative_pupil_percent
    disadvantage_gap_index disapplied_pupil_count disapplied_pupil_percent
    early_dev_of_expected_std_pupil_count early_dev_of_expected_std_pupil_percent
    ebacc_91_percent ebacc_91_total ebacc_94_percent ebacc_94_total ebacc_95_percent
    ebacc_95_total ebacc_aps_average ebacc_aps_sum ebacc_entering_0pillar_percent
    ebacc_entering_0pillar_total ebacc_entering_1pillar_percent ebacc_entering_1pillar_total
    ebacc_entering_2pillar_percent ebacc_entering_2pillar_total ebacc_entering_3pillar_percent
    ebacc_entering_3pillar_total ebacc_entering_4pillar_percent ebacc_entering_4pillar_total
    ebacc_entering_percent ebacc_entering_total ebacceng_91_percent ebacceng_91_total
    ebacceng_94_percent ebacceng_94_total ebacceng_95_percent ebacceng_95_total
    ebacceng_aps_average ebacceng_aps_sum ebacceng_entering_percent ebacceng_entering_total
    ebacchum_91_percent ebacchum_91_total ebacchum_94_percent ebacchum_94_total
    ebacchum_95_percent ebacchum_95_total ebacchum_aps_average ebacchum_aps_sum
    ebacchum_entering_percent ebacchum_entering_total ebacclan_91_percent ebacclan_91_total
    ebacclan_94_percent ebacclan_94_total ebacclan_95_percent ebacclan_95_total
    ebacclan_aps_average ebacclan_aps_sum ebacclan_entering_percent ebacclan_entering_total
    ebaccmat_91_percent ebaccmat_91_total ebaccmat_94_percent ebaccmat_94_total
    ebaccmat_95_percent ebaccmat_95_total ebaccmat_aps_average ebaccmat_aps_sum
    ebaccmat_entering_percent ebaccmat_entering_total ebaccsci_91_percent ebaccsci_91_total
    ebaccsci_94_percent ebaccsci_94_total ebaccsci_95_percent ebaccsci_95_total
    ebaccsci_aps_average ebaccsci_aps_sum ebaccsci_combpath_entering_percent
    ebaccsci_combpath_entering_total ebaccsci_entering_percent ebaccsci_entering_total
    ebaccsci_indpath_entering_percent ebaccsci_indpath_entering_total elg_combination_children_count
    elg_combination_number_children_percent elg_number_children_count elgs_expected_average
    eligible_pupil_count emerging_children_count emerging_children_percent
    engagement_model_or_below_pre_ks_std_pupil_count
    engagement_model_or_below_pre_ks_std_pupil_percent engmath_94_percent engmath_94_total
    engmath_95_percent engmath_95_total engmath_entering_percent engmath_entering_total
    enrolment_count enrolment_percent entries_count establishment_count expected_children_count
    expected_children_percent expected_standard_pupil_count expected_standard_pupil_percent
    foundations_of_expected_std_pupil_count foundations_of_expected_std_pupil_percent
    gcse_91_percent gcse_91_total gcse_entering_percent gcse_entering_total gcse_entries_average
    gcse_entries_sum gcse_five_engmath_percent gcse_five_engmath_total geoghist_entering_percent
    geoghist_entering_total gld_children_count gld_children_percent grade_average
    growing_dev_of_expected_std_pupil_count growing_dev_of_expected_std_pupil_percent
    higher_standard_pupil_count higher_standard_pupil_percent just_arrived_pupil_count
    just_arrived_pupil_percent lan_multiple_entering_percent lan_multiple_entering_total
    learner_count learner_percent missing_reason_pupil_count missing_reason_pupil_percent
    mtc_score_average mtc_score_total music_qual_entering_percent music_qual_entering_total
    no_further_action_count no_further_action_percent not_completed_check_pupil_count
    not_completed_check_pupil_percent not_in_need_count not_in_need_percent
    not_meeting_pupil_count not_meeting_pupil_percent participation_count percentage
    population_count population_percent pre_ks_std_1_pupil_count pre_ks_std_1_pupil_percent
    pre_ks_std_2_pupil_count pre_ks_std_2_pupil_percent pre_ks_std_3_pupil_count
    pre_ks_std_3_pupil_percent pre_ks_std_4_pupil_count pre_ks_std_4_pupil_percent
    pre_ks_std_5_pupil_count pre_ks_std_5_pupil_percent pre_ks_std_6_pupil_count
    pre_ks_std_6_pupil_percent progress8_adjusted_percent progress8_adjusted_total
    progress8_average progress8_lower_95_ci progress8_pupil_count progress8_pupil_percent
    progress8_sum progress8_upper_95_ci progress8ebacc_average progress8ebacc_lower_95_ci
    progress8ebacc_sum progress8ebacc_upper_95_ci progress8eng_average progress8eng_lower_95_ci
    progress8eng_sum progress8eng_upper_95_ci progress8mat_average progress8mat_lower_95_ci
    progress8mat_sum progress8mat_upper_95_ci progress8open_average progress8open_lower_95_ci
    progress8open_sum progress8open_upper_95_ci progress8original_average
    progress8original_lower_95_ci progress8original_sum progress8original_upper_95_ci
    progress_measure_eligible_pupil_count progress_measure_lower_conf_interval
    progress_measure_score progress_measure_total_score progress_measure_upper_conf_interval
    pupil_count pupil_percent qual_covid_impacted_percent qual_covid_impacted_sum
    qual_entries_average qual_entries_sum qual_entries_without_discounting_average
    qual_entries_without_discounting_sum reference_date referral_child_count referral_count
    rereferral_child_count rereferral_child_percent rereferral_count rereferral_percent
    scaled_scores_eligible_pupil_count scaled_scores_total school_all_count school_count
    school_percent school_submitted_count sci_triple_entering_percent sci_triple_entering_total
    session_count session_percent start_count starts_percent student_count student_percent
    teacher_count teacher_percent total_exam_entries unable_to_access_arrived_pupil_count
    unable_to_access_arrived_pupil_percent unable_to_access_pupil_count
    unable_to_access_pupil_percent unable_to_participate_pupil_count
    unable_to_participate_pupil_percent valueaddedhum_average valueaddedhum_lower_95_ci
    valueaddedhum_pupil_count valueaddedhum_pupil_percent valueaddedhum_sum
    valueaddedhum_upper_95_ci valueaddedlan_average valueaddedlan_lower_95_ci
    valueaddedlan_pupil_count valueaddedlan_pupil_percent valueaddedlan_sum
    valueaddedlan_upper_95_ci valueaddedsci_average valueaddedsci_lower_95_ci
    valueaddedsci_pupil_count valueaddedsci_pupil_percent valueaddedsci_sum
    valueaddedsci_upper_95_ci working_below_pupil_count working_below_pupil_percent
    working_towards_pupil_count working_towards_pupil_percent
    """
    )
    + [f"mtc_score_{score}_pupil_{unit}" for score in range(26) for unit in ("count", "percent")]
)

# The items of the establishment filters, as the dictionary lists them.
FILTER_ITEMS: dict[str, frozenset[str]] = {
    "education_phase": frozenset(
        {
            "All schools",
            "All-through",
            "Alternative provision",
            "Early years settings",
            "Further education",
            "Higher education",
            "Highest statutory age 7",
            "Highest statutory age 8 to 11",
            "Highest statutory age greater than 11",
            "Independent school",
            "Junior",
            "Middle (deemed primary)",
            "Middle (deemed secondary)",
            "No establishment",
            "Nursery",
            "Other education phase",
            "Primary",
            "Secondary",
            "Special",
            "Total",
        }
    ),
    "establishment_governance": frozenset(
        {
            "Academy",
            "City technology college",
            "Community",
            "Foundation",
            "Independent",
            "Non-maintained",
            "Voluntary aided",
            "Voluntary controlled",
        }
    ),
    "phase_type_grouping": frozenset(
        {
            "All schools",
            "State-funded primary",
            "State-funded primary and secondary",
            "State-funded secondary",
            "Independent school",
            "Non-maintained special school",
            "State-funded alternative provision school",
            "State-funded nursery",
            "State-funded special school",
            "Total",
        }
    ),
    "sex": frozenset({"Boys", "Girls", "Male", "Female", "Other", "Total"}),
}
# A known other name for a dictionary column: the screener asks for the dictionary's name.
ALIASES = {
    "school_phase": "education_phase",
    "ethnicity": "ethnicity_major",
    "major_ethnicity": "ethnicity_major",
    "minor_ethnicity": "ethnicity_minor",
    "broad_type_of_higher_education": "education_type_group",
    "type_of_higher_education": "education_type",
}
