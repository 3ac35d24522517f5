import { Field, Int, ObjectType } from "type-graphql";

@ObjectType({ description: "An embedding space: a model folder under models/ and/or a row of the models table" })
export class EmbeddingModel {
  @Field(() => String, { description: "model.json `name`; searches and variants name a model by it (or by version)" })
  name!: string;

  @Field(() => String)
  version!: string;

  @Field(() => Int)
  dimensions!: number;

  @Field(() => Boolean, { description: "searches without `model` use it" })
  active!: boolean;

  @Field(() => Int, { description: "tracks with an audio embedding in this space" })
  embeddedTracks!: number;

  @Field(() => Int)
  totalTracks!: number;

  @Field(() => Int, { description: "re-embedding jobs queued or running" })
  pendingJobs!: number;

  @Field(() => Int, { description: "re-embedding jobs that gave up (missing or undecodable audio)" })
  failedJobs!: number;

  @Field(() => String, { nullable: true, description: "why the folder's model.json cannot be used" })
  error!: string | null;
}

@ObjectType({ description: "What embedModel / activateModel did" })
export class ModelActivation {
  @Field(() => EmbeddingModel)
  model!: EmbeddingModel;

  @Field(() => Boolean, { description: "the model is active now (only once every track has its embeddings)" })
  activated!: boolean;

  @Field(() => Int, { description: "re-embedding jobs this call queued" })
  queued!: number;
}
