import { Field, Float, ObjectType } from "type-graphql";

@ObjectType({ description: "A label (mood word, instrument or genre) with a score for one track" })
export class LabelScore {
  @Field(() => String, { description: "the word as asked (lower-cased), or the vocabulary label" })
  label!: string;

  @Field(() => Float, {
    description:
      "moods: calibrated zero-shot score in (0, 1), 0.5 = as close to this word as to the average mood word; instruments: the same against the average instrument word; genres: share of the track's genre distribution (a track's shares sum to 1)",
  })
  score!: number;

  @Field(() => Float, {
    nullable: true,
    description:
      "moods and instruments: share of the track's own catalog's tracks that score lower for this word (0.95 = more than 95 % of the catalog; ties count half), from a sample of up to 2,000 tracks under the served model; null for genres",
  })
  percentile?: number | null;
}
