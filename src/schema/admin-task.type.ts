import { Field, ID, InputType, Int, ObjectType, registerEnumType } from "type-graphql";
import { IngestJobStatusEnum, IngestStage } from "./ingest-job.type.ts";

export enum AdminTaskKindEnum {
  IMPUTE = "impute",
  LABELS_GENRES = "labels-genres",
  LABELS_ALIGN = "labels-align",
  CATALOG_INDEX = "catalog-index",
}
registerEnumType(AdminTaskKindEnum, { name: "AdminTaskKind", description: "Which admin task (the CLI command it stands for)" });

@ObjectType({ description: "Progress of an admin task (imputation, soft genres, label alignment, a catalog's indexes), read from the durable jobs table" })
export class AdminTask {
  @Field(() => ID)
  id!: string;

  @Field(() => AdminTaskKindEnum)
  kind!: AdminTaskKindEnum;

  @Field(() => String, { nullable: true, description: "the catalog it works on; null: every catalog (or none, for label alignment)" })
  catalog!: string | null;

  @Field(() => IngestJobStatusEnum)
  status!: IngestJobStatusEnum;

  @Field(() => Int, { description: "jobs of the task: its first job and the per-track jobs it queued" })
  total!: number;

  @Field(() => Int, { description: "jobs finished (succeeded or failed for good)" })
  processed!: number;

  @Field(() => Int)
  failed!: number;

  @Field(() => String, { nullable: true, description: "why the task failed" })
  error!: string | null;

  @Field(() => String, { nullable: true, description: "what it did, in one line (once its first job ran)" })
  summary!: string | null;

  @Field(() => [IngestStage], { description: "the task's jobs by kind and state" })
  stages!: IngestStage[];
}

@InputType({ description: "A label vocabulary, as in the JSON files `tunelens labels align --vocab` reads" })
export class LabelVocabularyInput {
  @Field(() => String)
  name!: string;

  @Field(() => String, { description: "mood or genre" })
  kind!: string;

  @Field(() => [String])
  labels!: string[];
}

