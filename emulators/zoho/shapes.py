"""Request-body shapes of the Books endpoints the emulator serves, transcribed from Zoho's OpenAPI files.

Sources (``shared/reference/zoho-openapi``): ``create-a-bill-request`` (= ``update-a-bill-request``),
``create-a-contact-request``, ``update-a-contact-request``, ``create-an-account-request``,
``create-an-expense-request``, ``create-a-purchase-order-request``. Types are the spec's, quirks included
(a purchase-order line's ``quantity`` is a string there). One deliberate addition: ``POST /chartofaccounts``
requires ``account_name`` and ``account_type``; the spec marks nothing, but Zoho cannot create an account
without them. `tests/contract/test_zoho_emulator_contract.py` keeps this file honest against the spec.
"""

from __future__ import annotations

from emulators.zoho.validation import (
    BOOLEAN,
    INTEGER,
    NUMBER,
    STRING,
    array_of,
    booleans,
    numbers,
    shape,
    strings,
)

TAG_REF = shape(
    **strings("tag_id tag_option_id"),
)

DOCUMENT_REF = shape(
    **strings("document_id file_name"),
)

ADDRESS = shape(
    **strings("attention address street2 state_code city state zip country fax phone"),
)

INDEXED_CUSTOM_FIELD = shape(
    value=STRING,
    index=INTEGER,
)

ID_CUSTOM_FIELD = shape(
    **strings("customfield_id value"),
)

DEFAULT_TEMPLATES = shape(
    **strings(
        "invoice_template_id estimate_template_id creditnote_template_id purchaseorder_template_id "
        "salesorder_template_id retainerinvoice_template_id paymentthankyou_template_id "
        "retainerinvoice_paymentthankyou_template_id invoice_email_template_id estimate_email_template_id "
        "creditnote_email_template_id purchaseorder_email_template_id salesorder_email_template_id "
        "retainerinvoice_email_template_id paymentthankyou_email_template_id "
        "retainerinvoice_paymentthankyou_email_template_id statement_template_id "
        "payment_remittance_email_template_id bill_template_id"
    ),
)

OPENING_BALANCE = shape(
    location_id=STRING,
    **numbers("exchange_rate opening_balance_amount"),
)

BILL = shape(
    **strings(
        "vendor_id currency_id vat_treatment bill_number source_of_supply destination_of_supply "
        "place_of_supply permit_number gst_treatment tax_treatment gst_no pricebook_id reference_number date "
        "due_date payment_terms_label recurring_bill_id adjustment_description location_id notes terms"
    ),
    **numbers("exchange_rate adjustment"),
    payment_terms=INTEGER,
    **booleans("is_update_customer is_item_level_tax_calc is_inclusive_tax"),
    purchaseorder_ids=array_of(STRING),
    documents=array_of(DOCUMENT_REF),
    custom_fields=array_of(INDEXED_CUSTOM_FIELD),
    tags=array_of(TAG_REF),
    line_items=array_of(
        shape(
            **strings(
                "purchaseorder_item_id line_item_id item_id name account_id description hsn_or_sac "
                "reverse_charge_tax_id location_id tax_id tds_tax_id tax_treatment_code tax_exemption_id "
                "tax_exemption_code product_type acquisition_vat_id reverse_charge_vat_id unit project_id "
                "customer_id"
            ),
            **numbers("rate quantity"),
            item_order=INTEGER,
            is_billable=BOOLEAN,
            tags=array_of(TAG_REF),
            item_custom_fields=array_of(
                shape(
                    **strings("custom_field_id value label"),
                    index=INTEGER,
                )
            ),
            serial_numbers=array_of(STRING),
        )
    ),
    taxes=array_of(
        shape(
            **strings("tax_id tax_name tax_amount"),
        )
    ),
    approvers=array_of(
        shape(
            approver_id=STRING,
            order=INTEGER,
        )
    ),
).require("vendor_id", "bill_number")

CONTACT_CREATE = shape(
    **strings(
        "contact_name company_name website language_code contact_type customer_sub_type pricebook_id "
        "contact_number currency_id payment_terms_label notes vat_reg_no owner_id tax_reg_no "
        "tax_exemption_certificate_number country_code vat_treatment tax_treatment tax_regime legal_name "
        "place_of_contact gst_no gst_treatment tax_authority_name avatax_exempt_no avatax_use_code "
        "tax_exemption_id tax_exemption_code tax_authority_id tax_id tds_tax_id facebook twitter tax_id_type "
        "tax_id_value"
    ),
    credit_limit=NUMBER,
    payment_terms=INTEGER,
    **booleans("ignore_auto_number_generation is_portal_enabled is_tds_registered is_taxable track_1099"),
    tags=array_of(TAG_REF),
    billing_address=ADDRESS,
    shipping_address=ADDRESS,
    contact_persons=array_of(
        shape(
            **strings("salutation first_name last_name email phone mobile designation department skype"),
            **booleans("is_primary_contact enable_portal"),
            communication_preference=shape(
                **booleans("is_sms_enabled is_whatsapp_enabled"),
            ),
        )
    ),
    default_templates=DEFAULT_TEMPLATES,
    custom_fields=array_of(INDEXED_CUSTOM_FIELD),
    opening_balances=array_of(OPENING_BALANCE),
).require(
    "contact_name",
)

CONTACT_UPDATE = shape(
    **strings(
        "contact_name company_name payment_terms_label contact_type customer_sub_type currency_id "
        "pricebook_id contact_number website owner_id notes vat_reg_no tax_reg_no country_code tax_treatment "
        "tax_exemption_certificate_number tax_regime legal_name vat_treatment place_of_contact gst_no "
        "gst_treatment tax_authority_name avatax_exempt_no avatax_use_code tax_exemption_id "
        "tax_exemption_code tax_authority_id tax_id facebook twitter tax_id_type tax_id_value"
    ),
    credit_limit=NUMBER,
    payment_terms=INTEGER,
    **booleans("ignore_auto_number_generation is_tds_registered is_taxable track_1099"),
    opening_balances=array_of(OPENING_BALANCE),
    tags=array_of(TAG_REF),
    custom_fields=array_of(
        shape(
            **strings("value label"),
            index=INTEGER,
        )
    ),
    billing_address=ADDRESS,
    shipping_address=ADDRESS,
    contact_persons=array_of(
        shape(
            **strings(
                "contact_person_id salutation first_name last_name email phone mobile designation department skype"
            ),
            **booleans("is_primary_contact enable_portal"),
            communication_preference=shape(
                **booleans("is_sms_enabled is_whatsapp_enabled"),
            ),
        )
    ),
    default_templates=DEFAULT_TEMPLATES,
).require(
    "contact_name",
)

ACCOUNT_CREATE = shape(
    **strings("account_name account_code account_type currency_id description parent_account_id"),
    **booleans("show_on_dashboard can_show_in_ze include_in_vat_return"),
    custom_fields=array_of(ID_CUSTOM_FIELD),
).require("account_name", "account_type")

EXPENSE_CREATE = shape(
    **strings(
        "account_id date tax_id source_of_supply destination_of_supply place_of_supply hsn_or_sac gst_no "
        "reverse_charge_tax_id location_id reference_number description customer_id currency_id project_id "
        "mileage_type vat_treatment tax_treatment product_type acquisition_vat_id reverse_charge_vat_id "
        "distance mileage_unit employee_id vehicle_type can_reclaim_vat_on_mileage fuel_type "
        "engine_capacity_range paid_through_account_id vendor_id"
    ),
    **numbers("amount exchange_rate start_reading end_reading mileage_rate"),
    **booleans("is_inclusive_tax is_billable"),
    line_items=array_of(
        shape(
            **strings(
                "line_item_id account_id description tax_id item_order product_type acquisition_vat_id "
                "reverse_charge_vat_id reverse_charge_tax_id tax_exemption_code tax_exemption_id location_id"
            ),
            amount=NUMBER,
            tags=array_of(
                shape(
                    **strings("tag_id tag_name tag_option_id tag_option_name"),
                    is_tag_mandatory=BOOLEAN,
                )
            ),
        )
    ),
    taxes=array_of(
        shape(
            tax_id=STRING,
            tax_amount=NUMBER,
        )
    ),
    custom_fields=array_of(STRING),
    tags=array_of(TAG_REF),
).require("date", "account_id", "amount", "paid_through_account_id")

PURCHASE_ORDER_CREATE = shape(
    **strings(
        "vendor_id currency_id purchaseorder_number gst_treatment tax_treatment gst_no source_of_supply "
        "destination_of_supply place_of_supply pricebook_id reference_number billing_address_id crm_owner_id "
        "crm_custom_reference_id template_id date delivery_date due_date discount discount_account_id notes "
        "notes_default terms terms_default ship_via delivery_org_address_id delivery_customer_id attention "
        "vat_treatment is_update_customer salesorder_id location_id"
    ),
    exchange_rate=NUMBER,
    **booleans("is_discount_before_tax is_inclusive_tax"),
    contact_persons_associated=array_of(
        shape(
            contact_person_id=STRING,
            communication_preference=shape(
                **booleans("is_email_enabled is_whatsapp_enabled"),
            ),
        )
    ),
    line_items=array_of(
        shape(
            **strings(
                "item_id account_id name description unit location_id hsn_or_sac reverse_charge_tax_id quantity "
                "tax_id tds_tax_id tax_treatment_code tax_exemption_code tax_exemption_id acquisition_vat_id "
                "reverse_charge_vat_id project_id"
            ),
            rate=NUMBER,
            item_order=INTEGER,
            item_custom_fields=array_of(INDEXED_CUSTOM_FIELD),
            tags=array_of(TAG_REF),
        )
    ),
    custom_fields=array_of(ID_CUSTOM_FIELD),
    documents=array_of(DOCUMENT_REF),
    tags=array_of(TAG_REF),
).require("vendor_id", "line_items")
