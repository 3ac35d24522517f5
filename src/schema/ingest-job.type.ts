import { Field, ID, Int, ObjectType, registerEnumType } from "type-graphql";

export enum IngestJobStatusEnum {
  QUEUED = "queued",
  RUNNING = "running",
  SUCCEEDED = "succeeded",
  FAILED = "failed",
}
registerEnumType(IngestJobStatusEnum, { name: "IngestJobStatus" });

@ObjectType()
export class IngestFailure {
  @Field(() => String)
  file!: string;

  @Field(() => String)
  message!: string;
}

@ObjectType({ description: "Jobs of one kind spawned by an ingest request, by state" })
export class IngestStage {
  @Field(() => String, { description: "discover, audio-embedding, web-metadata, llm-description, imputation or re-embedding" })
  kind!: string;

  @Field(() => Int)
  queued!: number;

  @Field(() => Int)
  running!: number;

  @Field(() => Int)
  succeeded!: number;

  @Field(() => Int, { description: "failed for good (dead-letter): see failures for the errors" })
  dead!: number;
}

@ObjectType({ description: "Progress of an ingest request, read from the durable jobs table" })
export class IngestJob {
  @Field(() => ID)
  id!: string;

  @Field(() => IngestJobStatusEnum)
  status!: IngestJobStatusEnum;

  @Field(() => Int)
  total!: number;

  @Field(() => Int)
  processed!: number;

  @Field(() => Int)
  ingested!: number;

  @Field(() => Int)
  skipped!: number;

  @Field(() => Int)
  failed!: number;

  @Field(() => [IngestFailure], { description: "files that could not be ingested, with the reason" })
  failures!: IngestFailure[];

  @Field(() => String, { nullable: true, description: "why the whole job failed (e.g. path not found)" })
  error!: string | null;

  @Field(() => [IngestStage], { description: "the request's jobs by kind (files, web metadata, LLM descriptions…)" })
  stages!: IngestStage[];
}
