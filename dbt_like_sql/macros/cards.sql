-- The card rule, defined once: a decision's value is the one its page states, else its search result card's
-- (a page without header lines, an older page without its organisation). core.fct_decision completes each
-- page with these; so do the lookups, which must hold every value it will look up (lgo_pipeline.normalise).

-- The value: the page's, else the card's.
create or replace macro page_else_card(page_value, card_value) as coalesce(page_value, card_value);

-- Where it came from: 'page', 'listing' (the card), or NULL when neither states one.
create or replace macro page_else_card_source(page_value, card_value) as
    case when page_value is not null then 'page' when card_value is not null then 'listing' end;

-- A value in parts (a category: top and sub) comes whole from one place: the page's part when the page states
-- any part of it, else the card's.
create or replace macro page_else_card_part(page_states_any, page_part, card_part) as
    case when page_states_any then page_part else card_part end;
