"""Job ads and resumes from outside software, as people paste them: a nurse, a teacher, a retail
store manager and a B2B account executive. Each ad names the employer apart from the unit and
lists credentials, schedules, places and checks among the things an interview can ask about."""

from __future__ import annotations

from dataclasses import dataclass

NURSE_JD = """\
Registered Nurse — Emergency Department, Providence Portland Medical Center

Location: Portland, OR (on-site)
Schedule: Full-time, 36 hours per week

About the role
Our Level II trauma center sees more than 60,000 patients a year. As a Registered Nurse in the
Emergency Department you will care for adults and children across the full range of acuity,
working alongside physicians, technicians and social workers.

What you'll do
- Triage patients on arrival and reassess them as their condition changes
- Give medications and treatments safely, and document care in Epic
- Recognise a deteriorating patient early and escalate to the physician
- Educate patients and families about their care and discharge plans
- Precept new graduate nurses and nursing students

Requirements
- Current Oregon RN license, or a multistate license
- BLS and ACLS certification from the American Heart Association; PALS within 6 months of hire
- 2+ years of acute care nursing experience, ideally in an emergency department
- Calm, clear communication with patients and families under pressure
- Able to work 12-hour shifts, nights, weekends and holidays
- Able to lift 50 lbs and stand for long periods
- Must pass a background check and drug screen

Nice to have
- Bachelor of Science in Nursing (BSN)
- Trauma Nursing Core Course (TNCC) certification
- Experience with Epic

What we offer
- Shift differentials and a sign-on bonus
- Tuition support
"""

TEACHER_JD = """\
Job title: Year 2 Class Teacher
School: Oakfield Primary School
Department: Key Stage 1
Location: Leeds, West Yorkshire
Contract: Permanent, full-time, from September

About us
Oakfield is a friendly, two-form entry primary school with 420 pupils. We are looking for a caring
and creative teacher to join our Key Stage 1 team.

The role
- Plan and teach engaging lessons across the Year 2 curriculum
- Teach phonics daily and help every child become a confident reader
- Assess pupils' progress and adapt teaching for a wide range of needs, including SEND
- Build warm, honest relationships with parents and carers
- Manage behaviour calmly and consistently in line with the school's policy

The person
- Qualified Teacher Status (QTS)
- Degree in Education or a related subject
- Experience teaching in Key Stage 1, including phonics
- A good understanding of how young children learn to read
- Commitment to safeguarding and the welfare of every child
- Enhanced DBS check (we will apply on your behalf)
- Right to work in the UK

Oakfield Primary School is committed to safeguarding and promoting the welfare of children.
"""

RETAIL_JD = """\
Store Manager — Store 412, Harbor Outfitters
Sacramento, CA

Harbor Outfitters is hiring a Store Manager to lead our busiest Sacramento store, with a team of
25 and annual sales of $6M.

What you'll do
- Lead, coach and schedule a team of 25 sales associates and two assistant managers
- Drive sales and conversion through great customer experience on the shop floor
- Manage stock, deliveries and visual merchandising to brand standards
- Control shrink and payroll against budget
- Recruit, train and develop future leaders

What you'll need
- 3+ years of experience managing a retail store or department
- A proven track record of hitting sales targets
- Confident with sales reports and weekly trading figures
- Flexible availability including evenings, weekends and holidays
- Able to stand for long periods and lift up to 25 kg
- Must be 18 or over
- High school diploma or equivalent

Benefits
- 40% employee discount
- Quarterly bonus
"""

SALES_JD = """\
Account Executive at Brightwell Payroll

Brightwell Payroll is hiring an Account Executive to join our Mid-Market team in Chicago.

About the role
You will own the full sales cycle with mid-sized companies, from first discovery call to signed
contract, and grow a territory of 150 named accounts across the Midwest.

Responsibilities
- Build pipeline through outbound prospecting, referrals and events
- Run discovery calls and tailored demos for finance and HR leaders
- Negotiate pricing and terms, and close new business against a quarterly quota
- Keep Salesforce accurate and forecast your quarter within 10%
- Hand over new customers to onboarding with clear notes

Requirements
- 3+ years of B2B closing experience, ideally selling payroll or HR software
- A track record of meeting or beating quota
- Strong negotiation and presentation skills
- Willing to travel up to 30% across the territory
- Valid driver's license and clean driving record
- Bachelor's degree preferred
- Authorized to work in the United States without sponsorship

Compensation
- $75,000 base salary, $150,000 OTE
"""


@dataclass(frozen=True)
class JobSample:
    name: str
    ad: str
    title: str
    unit: str | None
    company: str
    field: str
    # lines of the ad that are conditions of the job, never asked about
    conditions: tuple[str, ...]
    resume: str


NURSE = JobSample(
    name="nurse",
    ad=NURSE_JD,
    title="Registered Nurse",
    unit="Emergency Department",
    company="Providence Portland Medical Center",
    field="healthcare",
    conditions=(
        "Current Oregon RN license, or a multistate license",
        "BLS and ACLS certification from the American Heart Association; PALS within 6 months of "
        "hire",
        "Able to work 12-hour shifts, nights, weekends and holidays",
        "Able to lift 50 lbs and stand for long periods",
        "Must pass a background check and drug screen",
        "Bachelor of Science in Nursing (BSN)",
        "Trauma Nursing Core Course (TNCC) certification",
    ),
    resume="""\
Maria Alvarez, RN
maria.alvarez@example.com

Experience
Staff Nurse, Medical-Surgical Unit, St. Vincent Hospital — 2021–Present
• Cared for 5 to 6 patients a shift on a 32-bed medical-surgical unit
• Led the unit's falls prevention group, cutting patient falls by 30% in a year
• Precepted 6 new graduate nurses
Nursing Assistant, Riverside Care Home — 2018–2021
• Supported residents with daily living and mobility

Education
Associate Degree in Nursing, Portland Community College, 2021
""",
)

TEACHER = JobSample(
    name="teacher",
    ad=TEACHER_JD,
    title="Year 2 Class Teacher",
    unit="Key Stage 1",
    company="Oakfield Primary School",
    field="education",
    conditions=(
        "Qualified Teacher Status (QTS)",
        "Degree in Education or a related subject",
        "Enhanced DBS check (we will apply on your behalf)",
        "Right to work in the UK",
    ),
    resume="""\
Tom Hughes
tom.hughes@example.com

Experience
Class Teacher, Year 1, St. Mary's C of E Primary — 2020–Present
• Raised the Year 1 phonics screening pass rate from 72% to 89%
• Ran a reading club for 12 children who were behind in reading
Teaching Assistant, Hillside Primary — 2017–2019
• Supported small groups in maths and reading

Education
PGCE Primary, University of Leeds, 2020
""",
)

RETAIL = JobSample(
    name="retail",
    ad=RETAIL_JD,
    title="Store Manager",
    unit="Store 412",
    company="Harbor Outfitters",
    field="retail",
    conditions=(
        "Flexible availability including evenings, weekends and holidays",
        "Able to stand for long periods and lift up to 25 kg",
        "Must be 18 or over",
        "High school diploma or equivalent",
    ),
    resume="""\
Jordan Lee
jordan.lee@example.com

Experience
Assistant Store Manager, Coastline Apparel — 2019–Present
• Grew store sales by 12% year on year by reworking the weekend staffing plan
• Cut shrink from 2.1% to 1.3% with a new stock count routine
• Trained 8 sales associates who went on to become key holders
Sales Associate, Coastline Apparel — 2016–2019
• Top seller in the store for 5 quarters running
""",
)

SALES = JobSample(
    name="sales",
    ad=SALES_JD,
    title="Account Executive",
    unit="Mid-Market team",
    company="Brightwell Payroll",
    field="sales",
    conditions=(
        "Willing to travel up to 30% across the territory",
        "Valid driver's license and clean driving record",
        "Bachelor's degree preferred",
        "Authorized to work in the United States without sponsorship",
    ),
    resume="""\
Priya Shah
priya.shah@example.com

Experience
Account Executive, Ledgerline — 2021–Present
• Closed $1.4M in new annual revenue in 2023, 118% of quota
• Won back a 400-seat account that had given notice to leave
Sales Development Representative, Ledgerline — 2019–2021
• Booked 40 qualified meetings a quarter from outbound prospecting
""",
)

SAMPLES: tuple[JobSample, ...] = (NURSE, TEACHER, RETAIL, SALES)
