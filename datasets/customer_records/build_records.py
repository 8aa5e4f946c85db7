"""Build customer_records.csv: messy customer records with ground-truth person ids.

Run from the repository root: ``python datasets/customer_records/build_records.py``.
Deterministic (seed 7); the CSV in this folder is its output. See README.md.
"""

from __future__ import annotations

import csv
import random
from pathlib import Path

SEED = 7
N_PEOPLE = 150
OUT = Path(__file__).with_name("customer_records.csv")

# (simplified, traditional, pinyin) surnames; traditional differs where it is cheap to show.
SURNAMES = [
    ("王", "王", "Wang"), ("李", "李", "Li"), ("张", "張", "Zhang"), ("刘", "劉", "Liu"),
    ("陈", "陳", "Chen"), ("杨", "楊", "Yang"), ("黄", "黃", "Huang"), ("赵", "趙", "Zhao"),
    ("吴", "吳", "Wu"), ("周", "周", "Zhou"), ("郑", "鄭", "Zheng"), ("许", "許", "Xu"),
    ("谢", "謝", "Xie"), ("马", "馬", "Ma"), ("林", "林", "Lin"), ("冯", "馮", "Feng"),
]
GIVEN = [
    ("伟", "偉", "Wei"), ("芳", "芳", "Fang"), ("娜", "娜", "Na"), ("敏", "敏", "Min"),
    ("静", "靜", "Jing"), ("丽", "麗", "Li"), ("强", "強", "Qiang"), ("磊", "磊", "Lei"),
    ("军", "軍", "Jun"), ("洋", "洋", "Yang"), ("晓东", "曉東", "Xiaodong"), ("红梅", "紅梅", "Hongmei"),
    ("建华", "建華", "Jianhua"), ("志刚", "志剛", "Zhigang"), ("秀英", "秀英", "Xiuying"),
    ("海涛", "海濤", "Haitao"), ("雪", "雪", "Xue"), ("慧玲", "慧玲", "Huiling"), ("国庆", "國慶", "Guoqing"),
    ("佳怡", "佳怡", "Jiayi"), ("子轩", "子軒", "Zixuan"), ("欣然", "欣然", "Xinran"), ("鹏", "鵬", "Peng"),
    ("丹", "丹", "Dan"), ("俊杰", "俊傑", "Junjie"), ("婷", "婷", "Ting"), ("浩", "浩", "Hao"),
]
# The usual gender of each given name, for the honorific a clerk would write (先生 / 女士).
# Names used for both (敏, 洋, 建华) take the honorific from the person's id instead, so one
# person is always addressed the same way.
MALE = {"伟", "强", "磊", "军", "晓东", "志刚", "海涛", "国庆", "子轩", "鹏", "俊杰", "浩"}
FEMALE = {"芳", "娜", "静", "丽", "红梅", "秀英", "雪", "慧玲", "佳怡", "欣然", "丹", "婷"}
DOMAINS = ["qq.com", "163.com", "126.com", "gmail.com", "outlook.com", "sina.com"]
SOURCES = ["online", "store", "account", "call_centre"]
FULLWIDTH = {c: chr(ord(c) + 0xFEE0) for c in "0123456789@.-+"}


def fullwidth(text: str) -> str:
    return "".join(FULLWIDTH.get(c, c) for c in text)


def make_person(rng: random.Random, pid: int, phones: set[str], emails: set[str], like=None) -> dict:
    sur, given = (like["sur"], like["given"]) if like else (rng.choice(SURNAMES), rng.choice(GIVEN))
    while True:
        phone = rng.choice(["13", "15", "18", "17"]) + "".join(rng.choice("0123456789") for _ in range(9))
        if phone not in phones:
            phones.add(phone)
            break
    while True:
        email = _email(rng, sur, given, phone)
        if email not in emails:
            emails.add(email)
            break
    return {"pid": f"P{pid:04d}", "sur": sur, "given": given, "phone": phone, "email": email}


def _email(rng: random.Random, sur: tuple, given: tuple, phone: str) -> str:
    handle = rng.choice([
        f"{given[2].lower()}.{sur[2].lower()}", f"{sur[2].lower()}{given[2].lower()}{rng.randint(1, 99)}",
        f"{phone}", f"{given[2][0].lower()}{sur[2].lower()}{rng.randint(70, 99)}",
    ])
    return f"{phone}@qq.com" if handle == phone else f"{handle}@{rng.choice(DOMAINS)}"


def honorific(p: dict) -> str:
    """先生 for a man's given name, 女士 for a woman's; a name used for both follows the id."""
    given = p["given"][0]
    if given in MALE or given in FEMALE:
        return "先生" if given in MALE else "女士"
    return "先生" if int(p["pid"][1:]) % 2 else "女士"


def name_variant(rng: random.Random, p: dict) -> str:
    (s, st, sp), (g, gt, gp) = p["sur"], p["given"]
    title = honorific(p)
    return rng.choice([
        s + g, s + g, s + " " + g, st + gt, f"{s}{g}（{title}）" if rng.random() < 0.5 else f"{s}{g}{title}",
        f"{sp} {gp}", f"{gp} {sp}", f"{sp.upper()} {gp}", f"{gp.lower()} {sp.lower()}", f"{gp[0]}. {sp}",
    ])


def phone_variant(rng: random.Random, phone: str) -> str:
    return rng.choice([
        phone, phone, f"{phone[:3]}-{phone[3:7]}-{phone[7:]}", f"+86 {phone[:3]} {phone[3:7]} {phone[7:]}",
        f"0086{phone}", fullwidth(phone), f"({phone[:3]}) {phone[3:]}", "",
    ])


def email_variant(rng: random.Random, email: str) -> str:
    user, domain = email.split("@")
    return rng.choice([
        email, email, email.upper(), f" {email} ", f"{user}＠{domain}", f"{user.capitalize()}@{domain}", "",
    ])


def records_for(rng: random.Random, p: dict) -> list[dict]:
    n = rng.choices([1, 2, 3, 4], weights=[35, 35, 20, 10])[0]
    rows = []
    for _ in range(n):
        rows.append({
            "source": rng.choice(SOURCES), "name": name_variant(rng, p),
            "phone": phone_variant(rng, p["phone"]), "email": email_variant(rng, p["email"]),
            "person_id": p["pid"],
        })
        if not rows[-1]["phone"] and not rows[-1]["email"]:
            rows[-1]["phone"] = p["phone"]  # every record keeps at least one contact detail
    return rows


def hard_cases(rng, people: list[dict], phones: set[str], emails: set[str], start: int) -> list[dict]:
    """Traps for naive matching: namesakes, shared office lines, changed phone numbers."""
    rows = []
    # Namesakes: a second person with exactly the same name but other contacts.
    for i in range(6):
        twin = make_person(rng, start + i, phones, emails, like=people[i])
        (s, _, _), (g, _, _) = twin["sur"], twin["given"]
        rows.append({"source": "store", "name": s + g, "phone": twin["phone"], "email": "",
                     "person_id": twin["pid"]})
        rows.append({"source": "online", "name": s + g,
                     "phone": phone_variant(rng, twin["phone"]) or twin["phone"],
                     "email": twin["email"], "person_id": twin["pid"]})
    # Two colleagues registered with the same office landline.
    for i in range(6, 12, 2):
        line = f"021-6{rng.randint(1000000, 9999999)}"
        for p in (people[i], people[i + 1]):
            (s, _, _), (g, _, _) = p["sur"], p["given"]
            rows.append({"source": "account", "name": s + g, "phone": line, "email": p["email"],
                         "person_id": p["pid"]})
    # A customer who changed phone number but kept the e-mail address.
    for i in range(12, 18):
        p = people[i]
        new = make_person(rng, 0, phones, set())["phone"]
        (s, _, _), (g, _, _) = p["sur"], p["given"]
        rows.append({"source": "online", "name": s + g, "phone": new, "email": p["email"].upper(),
                     "person_id": p["pid"]})
    return rows


def build() -> list[dict]:
    rng = random.Random(SEED)
    phones: set[str] = set()
    emails: set[str] = set()
    people = [make_person(rng, i + 1, phones, emails) for i in range(N_PEOPLE)]
    rows = [r for p in people for r in records_for(rng, p)]
    rows += hard_cases(rng, people, phones, emails, start=N_PEOPLE + 1)
    rng.shuffle(rows)
    for i, row in enumerate(rows, 1):
        row["record_id"] = f"R{i:04d}"
    return rows


def main() -> None:
    columns = ["record_id", "source", "name", "phone", "email", "person_id"]
    with OUT.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns)
        writer.writeheader()
        writer.writerows({c: r[c] for c in columns} for r in build())


if __name__ == "__main__":
    main()
