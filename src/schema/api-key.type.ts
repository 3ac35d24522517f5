import { Field, ID, ObjectType } from "type-graphql";

@ObjectType({ description: "An API key (its secret is shown only once, at creation)" })
export class ApiKey {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  name!: string;

  @Field(() => String, { description: "the recognisable part of the key: tl_<prefix>_…" })
  prefix!: string;

  @Field(() => [String])
  scopes!: string[];

  @Field(() => String)
  createdAt!: string;

  @Field(() => String, { nullable: true })
  lastUsedAt!: string | null;

  @Field(() => String, { nullable: true })
  revokedAt!: string | null;
}

@ObjectType()
export class CreatedApiKey {
  @Field(() => String, { description: "the full key; store it now, it cannot be shown again" })
  key!: string;

  @Field(() => ApiKey)
  apiKey!: ApiKey;
}
