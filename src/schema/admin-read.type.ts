import { Field, Float, Int, ObjectType } from "type-graphql";

@ObjectType({ description: "A label of a vocabulary, member of a cluster" })
export class LabelClusterMember {
  @Field(() => String)
  label!: string;

  @Field(() => String, { description: "the vocabulary it comes from" })
  vocabulary!: string;
}

@ObjectType({ description: "Synonym labels merged by `labels align` (centroid left out)" })
export class LabelClusterInfo {
  @Field(() => Int)
  clusterId!: number;

  @Field(() => String)
  name!: string;

  @Field(() => Float, { description: "the cosine distance threshold it was clustered at" })
  threshold!: number;

  @Field(() => [LabelClusterMember])
  members!: LabelClusterMember[];
}

@ObjectType({ description: "The served model's label clusters (what `tunelens labels show` prints)" })
export class LabelClusters {
  @Field(() => String, { description: "the served model's version" })
  model!: string;

  @Field(() => [LabelClusterInfo], { description: "empty until `labels align` (or alignLabels) ran for the model" })
  clusters!: LabelClusterInfo[];
}

@ObjectType({ description: "One per-catalog HNSW index: a catalog, model and embedding kind (what `tunelens index list` prints)" })
export class CatalogIndexInfo {
  @Field(() => String)
  catalog!: string;

  @Field(() => Int)
  modelId!: number;

  @Field(() => String)
  modelVersion!: string;

  @Field(() => String, { description: "embedding kind (audio, text, …)" })
  kind!: string;

  @Field(() => String, { description: "vector storage the index is built on (TUNELENS_VECTOR_INDEX)" })
  storage!: string;

  @Field(() => String)
  indexName!: string;

  @Field(() => Boolean, { description: "false: the catalog is registered but this model's index is not built (yet)" })
  exists!: boolean;

  @Field(() => Float, { nullable: true, description: "size on disk in bytes; null when not built" })
  bytes!: number | null;

  @Field(() => Int, { description: "rows of this model and kind in the catalog" })
  rows!: number;
}
