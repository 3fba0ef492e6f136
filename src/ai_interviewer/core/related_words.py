"""Words that name the same thing in an interview answer, whatever the trade. Data, no logic.

Each line is one group of base forms (lemmas) that an interviewer hears as the same idea when a
question uses one and the answer another: a "surgeon" answers a question about a "physician", a
"pupil" one about a "student", "upset" one about a "complaint". Groups are about people, events
and outcomes that interview questions in every field ask about; a word may sit in more than one
group. Inflections and word families ("disagree" / "disagreement") are matched by the lexicon,
not listed here.
"""

from __future__ import annotations

_GROUPS = """
doctor physician surgeon consultant gp registrar resident attending clinician medic hospitalist
nurse rn nursing charge midwife carer caregiver
patient client resident service-user
customer client guest shopper buyer patron caller account consumer visitor diner passenger tenant
student pupil learner child kid class youngster
parent carer guardian family mum mom dad father mother relative daughter son wife husband
manager supervisor boss lead head director leader superior
colleague coworker co-worker teammate peer team staff crew associate partner
employee staff worker team member associate report direct hire
junior trainee apprentice newcomer starter intern graduate
senior experienced veteran
conflict disagreement argument dispute clash tension disagree argue friction
mistake error slip wrong fault oversight blunder miss
complaint complain upset angry frustrated unhappy irate dissatisfied furious annoyed escalation
difficult hard tough challenging demanding awkward tricky
problem issue challenge trouble difficulty concern
deadline due late overdue delay behind schedule
busy rush pressure stress overload hectic swamped peak
change new transition switch restructure introduce
safety safe risk hazard danger harm injury accident
quality standard accuracy correct
sale sell sold revenue quota target deal number pipeline booking order
prospect lead opportunity
renew renewal retain retention churn cancel leave
price pricing discount cost budget money spend expense
teach lesson instruct tutor explain lecture
learn study train training course pick
feedback criticism critique review appraisal
lead led leadership charge manage run organise organize coordinate
help support assist aid
priority prioritise prioritize urgent important order triage
decision decide choose choice call judgement judgment
improve better increase raise boost grow rise
reduce cut lower decrease drop fewer less shrink halve
fix solve resolve repair sort correct
calm settle reassure soothe de-escalate
schedule rota roster shift
medication medicine drug dose dosage prescription
fall fell trip slip
behaviour behavior conduct disrupt disruptive
reading literacy phonics read
stock inventory merchandise product shelf goods
shop store branch outlet
visit appointment meeting call session
report documentation record note chart paperwork log
policy procedure protocol rule guideline process
emergency crisis urgent critical
deteriorate decline worsen crash
"""

RELATED_GROUPS: tuple[frozenset[str], ...] = tuple(
    frozenset(line.split()) for line in _GROUPS.strip().splitlines() if line.strip()
)
