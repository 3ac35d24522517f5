import { Field, ID, Int, ObjectType } from "type-graphql";

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

  @Field(() => [String], { nullable: true, description: "the only catalogs this key sees, searches, plays, counts and writes; null = every catalog" })
  catalogs!: string[] | null;

  @Field(() => Int, { nullable: true, description: "requests per minute for this key; null = the server's TUNELENS_RATE_LIMIT_PER_MINUTE" })
  rateLimitPerMinute!: number | null;

  @Field(() => Int, {
    nullable: true,
    description: "set: the key may name its end user in the x-tunelens-end-user header, and each end user gets this many requests per minute; null: the header is ignored",
  })
  endUserRateLimitPerMinute!: number | null;

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
