"""Documented response keys per entity, transcribed from Zoho's OpenAPI files (``shared/reference/zoho-openapi``).

Views never emit a key outside these sets, and stored request fields are echoed only when listed here.
Where GET and POST document different keys (contacts, accounts, expenses) the set is their intersection.
"""

from __future__ import annotations


def _names(words: str) -> frozenset[str]:
    return frozenset(words.split())


BILL = _names(
    "bill_id purchaseorder_ids vendor_id vendor_name vat_treatment vat_reg_no source_of_supply "
    "destination_of_supply place_of_supply permit_number gst_no gst_treatment tax_treatment is_pre_gst "
    "pricebook_id pricebook_name is_reverse_charge_applied unused_credits_payable_amount status "
    "bill_number date due_date payment_terms payment_terms_label payment_expected_date reference_number "
    "recurring_bill_id due_by_days due_in_days currency_id currency_code currency_symbol documents "
    "price_precision exchange_rate adjustment adjustment_description custom_fields tags is_tds_applied "
    "is_item_level_tax_calc is_inclusive_tax filed_in_vat_return_id filed_in_vat_return_name "
    "filed_in_vat_return_type is_abn_quoted line_items location_id location_name sub_total tax_total "
    "total payment_made vendor_credits_applied is_line_item_invoiced purchaseorders taxes "
    "acquisition_vat_summary acquisition_vat_total reverse_charge_vat_summary reverse_charge_vat_total "
    "balance billing_address payments vendor_credits created_time created_by_id last_modified_time "
    "reference_id notes terms attachment_name open_purchaseorders_count"
)
"""`bill` in GET/POST/PUT bill responses."""

BILL_SUMMARY = _names(
    "bill_id vendor_id vendor_name status bill_number reference_number date due_date due_days currency_id "
    "currency_code price_precision exchange_rate total balance location_id location_name created_time "
    "last_modified_time attachment_name has_attachment is_tds_applied is_abn_quoted"
)
"""Items of `bills` in the list response."""

CONTACT = _names(
    "contact_id contact_name company_name has_transaction contact_type customer_sub_type credit_limit "
    "pricebook_id contact_number ignore_auto_number_generation is_taxable tax_id tax_name tax_percentage "
    "tax_authority_id tax_exemption_id tax_authority_name tax_exemption_code place_of_contact gst_no "
    "tax_treatment tax_regime legal_name is_tds_registered vat_treatment gst_treatment "
    "is_linked_with_zohocrm website owner_id primary_contact_id payment_terms payment_terms_label "
    "currency_id currency_code currency_symbol opening_balances outstanding_receivable_amount "
    "outstanding_receivable_amount_bcy unused_credits_receivable_amount "
    "unused_credits_receivable_amount_bcy status facebook twitter payment_reminder_enabled custom_fields "
    "billing_address shipping_address contact_persons default_templates notes created_time "
    "last_modified_time"
)
"""`contact` in GET/POST/PUT contact responses."""

CONTACT_SUMMARY = _names(
    "contact_id contact_name company_name contact_type status payment_terms payment_terms_label "
    "currency_id currency_code outstanding_receivable_amount unused_credits_receivable_amount first_name "
    "last_name email phone mobile created_time last_modified_time"
)
"""Items of `contacts` in the list response."""

ACCOUNT = _names(
    "account_id account_name account_code is_active account_type currency_id currency_code description "
    "is_system_account is_involved_in_transaction can_show_in_ze include_in_vat_return custom_fields "
    "parent_account_id documents created_time last_modified_time"
)
"""An account: top level of GET /chartofaccounts/{id} (sic), `chart_of_account` in POST."""

ACCOUNT_SUMMARY = _names(
    "account_id account_name account_code account_type is_user_created is_system_account "
    "is_standalone_account is_active can_show_in_ze is_involved_in_transaction current_balance "
    "parent_account_id parent_account_name depth has_attachment is_child_present child_count documents "
    "created_time last_modified_time"
)
"""Items of `chartofaccounts` in the list response."""

EXPENSE = _names(
    "expense_id transaction_id transaction_type gst_no gst_treatment tax_treatment destination_of_supply "
    "destination_of_supply_state place_of_supply hsn_or_sac source_of_supply paid_through_account_name "
    "vat_reg_no reverse_charge_tax_id reverse_charge_tax_name reverse_charge_tax_percentage "
    "reverse_charge_tax_amount tax_amount is_itemized_expense is_pre_gst trip_id trip_number "
    "reverse_charge_vat_total acquisition_vat_total acquisition_vat_summary reverse_charge_vat_summary "
    "expense_item_id account_id account_name date tax_id tax_name tax_percentage currency_id "
    "currency_code exchange_rate sub_total total bcy_total amount is_inclusive_tax reference_number "
    "description is_billable is_personal customer_id customer_name expense_receipt_name "
    "expense_receipt_type last_modified_time status invoice_id invoice_number location_id location_name "
    "project_id project_name mileage_rate mileage_type expense_type start_reading end_reading tags"
)
"""`expense` in GET/POST expense responses."""

EXPENSE_SUMMARY = _names(
    "expense_id date account_name description currency_id currency_code bcy_total bcy_total_without_tax "
    "total total_without_tax is_billable reference_number customer_id customer_name status location_id "
    "location_name created_time last_modified_time expense_receipt_name mileage_rate mileage_unit "
    "expense_type start_reading end_reading"
)
"""Items of `expenses` in the list response."""

PURCHASE_ORDER = _names(
    "purchaseorder_id documents vat_treatment gst_no gst_treatment tax_treatment is_pre_gst "
    "source_of_supply destination_of_supply place_of_supply pricebook_id pricebook_name "
    "is_reverse_charge_applied purchaseorder_number date expected_delivery_date discount "
    "discount_account_id is_discount_before_tax reference_number status vendor_id vendor_name "
    "crm_owner_id contact_persons_associated currency_id currency_code currency_symbol exchange_rate "
    "delivery_date is_emailed is_inclusive_tax location_id location_name line_items sub_total tax_total "
    "total taxes acquisition_vat_summary acquisition_vat_total reverse_charge_vat_summary "
    "reverse_charge_vat_total billing_address notes terms ship_via ship_via_id attention "
    "delivery_org_address_id delivery_customer_id delivery_address price_precision custom_fields "
    "attachment_name can_send_in_mail template_id template_name page_width page_height orientation "
    "template_type created_time created_by_id last_modified_time can_mark_as_bill can_mark_as_unbill tags"
)
"""`purchaseorder` in GET/POST purchase-order responses."""

PURCHASE_ORDER_SUMMARY = _names(
    "purchaseorder_id vendor_id vendor_name status purchaseorder_number reference_number date "
    "delivery_date currency_id currency_code price_precision total has_attachment created_time "
    "last_modified_time custom_fields"
)
"""Items of `purchaseorders` in the list response."""

ORGANIZATION = _names(
    "organization_id name contact_name email is_default_org plan_type tax_group_enabled "
    "zi_migration_status plan_name plan_period language_code fiscal_year_start_month account_created_date "
    "account_created_date_formatted time_zone is_org_active currency_id currency_code currency_symbol "
    "currency_format price_precision"
)
"""Items of `organizations` in GET /organizations."""

BILL_LINE_ITEM = _names(
    "purchaseorder_item_id line_item_id item_id sku name account_id account_name image_document_id "
    "location_id location_name reverse_charge_tax_id reverse_charge_tax_name "
    "reverse_charge_tax_percentage reverse_charge_tax_amount description bcy_rate rate tags quantity "
    "tax_id tds_tax_id tax_treatment_code tax_exemption_id tax_exemption_code tax_name tax_type "
    "tax_percentage item_total item_total_inclusive_of_tax item_order unit product_type hsn_or_sac "
    "acquisition_vat_id acquisition_vat_name acquisition_vat_percentage acquisition_vat_amount "
    "reverse_charge_vat_id reverse_charge_vat_name reverse_charge_vat_percentage "
    "reverse_charge_vat_amount is_billable customer_id customer_name project_id project_name invoice_id "
    "invoice_number item_custom_fields"
)
"""Keys of `bill.line_items[]`."""

BILL_LINE_TAGS = _names("tag_id tag_option_id")
"""Keys of `bill.line_items[].tags[]`."""

BILL_LINE_ITEM_CUSTOM_FIELDS = _names("custom_field_id index value label")
"""Keys of `bill.line_items[].item_custom_fields[]`."""

PURCHASE_ORDER_LINE_ITEM = _names(
    "item_id line_item_id sku location_id location_name product_type reverse_charge_tax_id "
    "reverse_charge_tax_name reverse_charge_tax_percentage reverse_charge_tax_amount account_id "
    "account_name name description item_order bcy_rate unit rate quantity item_total "
    "item_total_inclusive_of_tax tax_exemption_id tax_exemption_code tax_id tax_treatment_code tax_name "
    "tax_type tax_percentage hsn_or_sac acquisition_vat_id acquisition_vat_name "
    "acquisition_vat_percentage acquisition_vat_amount reverse_charge_vat_id reverse_charge_vat_name "
    "reverse_charge_vat_percentage reverse_charge_vat_amount tags item_custom_fields project_id "
    "project_name"
)
"""Keys of `purchaseorder.line_items[]`."""

PURCHASE_ORDER_LINE_TAGS = _names("tag_id tag_name tag_option_id tag_option_name is_tag_mandatory")
"""Keys of `purchaseorder.line_items[].tags[]`."""

PURCHASE_ORDER_LINE_ITEM_CUSTOM_FIELDS = _names("customfield_id value")
"""Keys of `purchaseorder.line_items[].item_custom_fields[]`."""
