#!/usr/bin/env python3
"""Writes a deterministic synthetic briefgen site for timing builds at scale.

    python3 Benchmarks/generate_corpus.py OUT_DIR --briefings 1000 --articles 100 --entities 1000 --terms 200

OUT_DIR/Content gets site.yml, articles, briefings (~750 words each, with headings, lists, block
quotes and inline quotations copied from the generated articles), entities with aliases and glossary
terms. The same arguments always give the same files.
"""
import argparse
import os
import random

WORDS = ("policy trade export chip supply market alliance minister talks treaty court ruling summit "
         "region security economy industry government official statement agreement dispute tension "
         "cooperation analysis report decision pressure response strategy partner relations history").split()


def sentence(rng, length):
    words = [rng.choice(WORDS) for _ in range(length)]
    words[0] = words[0].capitalize()
    return " ".join(words) + "."


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(text)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out")
    parser.add_argument("--briefings", type=int, default=1000)
    parser.add_argument("--articles", type=int, default=100)
    parser.add_argument("--entities", type=int, default=1000)
    parser.add_argument("--terms", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    content = os.path.join(args.out, "Content")
    write(os.path.join(content, "site.yml"), "title: Benchmark site\nlink_mentions: first\n")

    entity_names = [f"Entity{i:05d} Person" for i in range(args.entities)]
    for i, name in enumerate(entity_names):
        write(os.path.join(content, "entities", f"entity-{i:05d}.md"),
              f"---\nname: {name}\nkind: person\naliases: [E{i:05d}]\nsummary: Synthetic entity {i}.\n---\n"
              f"{sentence(rng, 12)}\n")
    term_names = [f"term{i:04d} concept" for i in range(args.terms)]
    for i, term in enumerate(term_names):
        write(os.path.join(content, "glossary", f"term-{i:04d}.md"),
              f"---\nterm: {term}\ndefinition: Synthetic definition number {i}.\n---\n{sentence(rng, 15)}\n")

    articles = []
    for i in range(args.articles):
        paragraphs = [" ".join(sentence(rng, rng.randint(8, 16)) for _ in range(3)) for _ in range(12)]
        articles.append(paragraphs)
        write(os.path.join(content, "articles", f"article-{i:04d}.md"),
              f"---\ntitle: Article {i}\noutlet: Wire\ndate: 2019-07-11\n---\n" + "\n\n".join(paragraphs) + "\n")

    for i in range(args.briefings):
        source = rng.randrange(args.articles)
        quoted = rng.choice(articles[source])
        inline = " ".join(quoted.split(" ")[2:9])
        parts = [f"## Section {s}\n\n" + " ".join(
            sentence(rng, rng.randint(10, 18)) + (f" {rng.choice(entity_names)} said so." if rng.random() < 0.5 else "")
            + (f" The {rng.choice(term_names)} matters." if rng.random() < 0.3 else "")
            for _ in range(8)) for s in range(5)]
        parts.insert(1, f"> {quoted}")
        parts.insert(3, "\n".join(f"- {sentence(rng, 8)}" for _ in range(4)))
        parts.append(f"As the report put it, \"{inline}\", and that was all.")
        date = f"20{10 + i % 10:02d}-{1 + i % 12:02d}-{1 + i % 28:02d}"
        write(os.path.join(content, "briefings", f"briefing-{i:05d}.md"),
              f"---\ntitle: Briefing {i}\ndate: {date}\nsources: [article-{source:04d}]\n"
              f"tags: [tag{i % 20}, topic{i % 7}]\n---\n" + "\n\n".join(parts) + "\n")


if __name__ == "__main__":
    main()
