import { Field, Float, ObjectType } from "type-graphql";

@ObjectType({ description: "Tempo and key read from a text query's words, which re-ranked its best candidates by the tracks' bpm and key" })
export class InterpretedQuery {
  @Field(() => Float, { nullable: true, description: "asked-for tempo in beats per minute (e.g. \"128 bpm\"), or null" })
  bpm!: number | null;

  @Field(() => String, { nullable: true, description: "asked-for key, normalised (e.g. \"G minor\", \"Bb major\"), or null" })
  key!: string | null;
}
