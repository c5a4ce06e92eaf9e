"""The words of the synthetic corpus: real council names in their real spelling variants, care providers,
other bodies, category weights, and the phrases decisions are written in."""

from __future__ import annotations

# Canonical name first, then spellings seen in the wild (docs/figures.md): word orders, `&`, city status, tiers.
COUNCILS: tuple[tuple[str, ...], ...] = (
    ("London Borough of Bexley", "Bexley London Borough Council"),
    ("Wirral Metropolitan Borough Council", "Wirral Borough Council"),
    ("Brighton and Hove City Council", "Brighton & Hove City Council"),
    ("City of York Council", "York City Council"),
    ("Royal Borough of Greenwich",),
    ("Southend-on-Sea City Council", "Southend-on-Sea Borough Council"),
    ("Buckinghamshire Council",), ("Staffordshire County Council",), ("Worcestershire County Council",),
    ("Central Bedfordshire Council",), ("Hampshire County Council",), ("East Hampshire District Council",),
    ("Kent County Council",), ("Surrey County Council",), ("Essex County Council",), ("Lancashire County Council",),
    ("Norfolk County Council",), ("Devon County Council",), ("Hertfordshire County Council",),
    ("Birmingham City Council",), ("Manchester City Council",), ("Leeds City Council",), ("Sheffield City Council",),
    ("Bristol City Council",), ("Nottingham City Council",), ("Leicester City Council",),
    ("City of Bradford Metropolitan District Council", "Bradford Metropolitan District Council"),
    ("Kirklees Council",), ("Calderdale Metropolitan Borough Council",), ("Wigan Metropolitan Borough Council",),
    ("Salford City Council",), ("Stockport Metropolitan Borough Council",), ("Sunderland City Council",),
    ("Cornwall Council",), ("Wiltshire Council",), ("Shropshire Council",), ("Dorset Council",), ("Somerset Council",),
    ("North Yorkshire Council",), ("Cumberland Council",), ("Westmorland and Furness Council",),
    ("West Northamptonshire Council",), ("North Northamptonshire Council",),
    ("Bournemouth, Christchurch and Poole Council",), ("Cheshire East Council",),
    ("Cheshire West and Chester Council", "Cheshire West & Chester Council"),
    ("Milton Keynes City Council", "Milton Keynes Council"), ("Medway Council",), ("Thurrock Council",),
    ("London Borough of Lambeth", "Lambeth London Borough Council"),
    ("London Borough of Croydon", "Croydon London Borough Council"),
    ("London Borough of Hackney", "Hackney London Borough Council"),
    ("London Borough of Barnet",), ("London Borough of Tower Hamlets", "Tower Hamlets London Borough Council"),
    ("Royal Borough of Kensington and Chelsea", "Kensington and Chelsea Royal Borough Council"),
    ("Westminster City Council", "City of Westminster"),
    ("Stratford-on-Avon District Council",), ("Test Valley Borough Council",), ("Mid Suffolk District Council",),
    ("South Cambridgeshire District Council",), ("Tunbridge Wells Borough Council",),
    ("Basingstoke and Deane Borough Council", "Basingstoke & Deane Borough Council"),
    ("Newark and Sherwood District Council", "Newark & Sherwood District Council"),
    ("Canterbury City Council",), ("Gloucester City Council",), ("Gloucestershire County Council",),
    ("Derbyshire County Council",), ("Nottinghamshire County Council",),
    ("Leicestershire County Council",), ("Suffolk County Council",), ("West Sussex County Council",),
    ("Isle of Wight Council",), ("Herefordshire Council",), ("Durham County Council",),
    ("Northumberland County Council",), ("East Riding of Yorkshire Council",), ("Hull City Council",),
    ("Stoke-on-Trent City Council",), ("Plymouth City Council",), ("Portsmouth City Council",),
    ("Southampton City Council",), ("Reading Borough Council",), ("Slough Borough Council",),
)
CARE_PROVIDER_FIRST = ("Sunrise", "Meadow", "Oak", "Willow", "Harbour", "Bluebell", "Highfield", "Riverside",
                       "Cedar", "Elm", "Kingfisher", "Orchard", "Heather", "Maple", "Hollybrook")
CARE_PROVIDER_SECOND = ("Care Homes", "Healthcare", "Home Care", "Care Services", "Nursing Homes", "Living",
                        "Lodge Care", "Court Care")
CARE_PROVIDER_SUFFIX = ("Limited", "Ltd")
OTHER_BODIES = ("Transport for London", "Peak District National Park Authority",
                "Hampshire and Isle of Wight Fire and Rescue Authority", "Greater London Authority")
# Schools acting as their own admission authority; their decisions are about school admissions.
SCHOOLS = ("King David High School", "All Hallows R C High School", "JCOSS", "St Mary's Catholic Academy")

# (top, weight, sub-categories) roughly as the published corpus spreads.
CATEGORIES = (
    ("Adult care services", 17, ("Assessment and care plan", "Charging", "Residential care", "Safeguarding",
                                 "Domiciliary care", "Direct payments")),
    ("Benefits and tax", 6, ("Council tax", "Housing benefit and council tax benefit", "Council tax support")),
    ("Children's care services", 12, ("Child protection", "Fostering", "Looked after children", "Other")),
    ("Education", 16, ("Special educational needs", "School transport", "School admissions", "Alternative provision")),
    ("Environment and regulation", 10, ("Antisocial behaviour", "Refuse and recycling", "Noise", "Trees")),
    ("Housing", 12, ("Homelessness", "Allocations", "Private housing", "Disabled facilities grants")),
    ("Other Categories", 3, ("Councillor conduct and standards", "Other")),
    ("Planning", 12, ("Planning applications", "Enforcement", "Building control")),
    ("Transport and highways", 12, ("Highway repair and maintenance", "Parking and other penalties",
                                    "Public transport")),
)
TITLES = (("Mrs", 30), ("Mr", 35), ("Ms", 20), ("Miss", 15))
# Older summary pages (decided 2012-2018) open anonymously: "A woman complains the council ...".
ANONYMOUS = ("A woman", "A man", "A family", "A mother", "A father")
LETTERS = (("X", 40), ("B", 10), ("C", 10), ("D", 8), ("Y", 8), ("F", 5), ("A", 5), ("W", 4), ("G", 3),
           ("H", 3), ("K", 2), ("M", 2))
BANNER = ("Privacy settings\n\nLGO logogram\n\nReview your privacy settings\n\nRequired cookies\n\n"
          "These cookies enable the website to function properly. You can only disable these by changing your "
          "browser preferences, but this will affect how the website performs.\n\nView required cookies\n\n"
          "Analytical cookies\n\nGoogle Analytics cookies help us improve the performance of the website by "
          "understanding how visitors use the site.\nWe recommend you set these 'ON'.\n\nView analytical cookies\n")
ROLE = (
    "We investigate complaints about ‘maladministration’ and ‘service failure’. In this statement, I have used "
    "the word fault to refer to these. We must also consider whether any fault has had an adverse impact on the "
    "person making the complaint. I refer to this as ‘injustice’. If there has been fault which has caused an "
    "injustice, we may suggest a remedy. (Local Government Act 1974, sections 26(1) and 26A(1), as amended)",
    "When considering complaints, if there is a conflict of evidence, we make findings based on the balance of "
    "probabilities. This means that we will weigh up the available relevant evidence and base our findings on "
    "what we think was more likely to have happened.",
    "We cannot question whether an organisation’s decision is right or wrong simply because the complainant "
    "disagrees with it. We must consider whether there was fault in the way the organisation made its decision.",
)
# A scheme's sum named in the assessment of a complaint not investigated: a fact of the case, not a remedy.
SCHEME_SENTENCE = ("The £500 test and trace support payment was only for people on low incomes who had been told to "
                   "self-isolate.")
# An apology the body had already given: where the Ombudsman accepts the body's response, a remedy already provided.
APOLOGY_IN_RESPONSE = "In its response the Council apologised for the delay but did not say what it would do differently."
FILLER = (
    "The Council’s records show that it received the referral and allocated it to a duty officer the next day.",
    "The officer spoke to the complainant by telephone and recorded the concerns raised in the case notes.",
    "There is no record that the Council wrote to confirm what it had decided or why it had decided it.",
    "The statutory guidance says the Council should keep the person informed at each stage of the process.",
    "The complainant chased the Council several times over the following weeks without receiving a reply.",
    "The Council accepted at stage two of its complaints procedure that it should have responded sooner.",
    "It said it had since changed how it allocates cases so that each one has a named officer.",
    "I have considered the Council’s policy and the relevant law and guidance set out above.",
    "The delay meant the matter remained unresolved for longer than it should have, which caused uncertainty.",
    "I am satisfied the Council has now completed the assessment it should have carried out earlier.",
    "The Council provided copies of its correspondence, the case records and its complaint responses.",
    "Both parties had the opportunity to comment on my draft decision and I considered the comments received.",
    "A social worker visited the family home the following month and completed an initial assessment.",
    "The assessment identified needs that the Council agreed it had a duty to meet under the relevant law.",
    "The complainant says nobody explained what would happen next or how long it would take.",
    APOLOGY_IN_RESPONSE,
    "The records do not show that the Council considered the information the complainant sent in March.",
    "The Council told us it was short of staff during this period and that demand had increased.",
    "That may explain the delay but it does not excuse it, and the Council did not tell the complainant.",
    "I have seen the emails exchanged between the officers involved and the notes of the meetings held.",
    "The Council’s own procedure says it should respond to a stage one complaint within ten working days.",
    "It took eight weeks to respond, and the response did not address all the points raised.",
    "Officers met again in the autumn and agreed a plan, which the Council shared with the complainant.",
    "The plan set out who would do what and by when, and the Council kept to most of it.",
)
LAW = (
    "The law says councils must carry out their duties within a reasonable time and keep records of the "
    "decisions they make and the reasons for them.",
    "The statutory guidance explains what a council should consider and how it should involve the person "
    "concerned and any carer or representative in the process.",
    "Councils must also have a complaints procedure and should respond to complaints promptly, explaining what "
    "they have found and what they will do to put things right.",
)
FACTS = (  # £ sums that are facts of the case, never remedies
    "The invoices for the period totalled £{a}.",
    "By then the arrears on the account had reached £{a}.",
    "The landlord’s quote for the repairs was £{a}.",
    "The grant awarded for the adaptations was worth £{a}.",
    "The complainant asked for £{a} in compensation.",
)
COMPLAINTS = {
    "Adult care services": "the way the Council assessed and arranged care for a relative",
    "Benefits and tax": "the way the Council dealt with a council tax account",
    "Children's care services": "the way the Council handled concerns about the family",
    "Education": "the Council’s delay in securing the education provision a child needed",
    "Environment and regulation": "the way the Council responded to reports of a nuisance",
    "Housing": "the way the Council dealt with a housing application",
    "Other Categories": "the way the Council handled a complaint",
    "Planning": "the way the Council dealt with a planning matter next door",
    "Transport and highways": "the way the Council dealt with a highways matter",
}
