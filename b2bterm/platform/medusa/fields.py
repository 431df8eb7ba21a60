"""The Admin API fields the Medusa adapter asks for (`fields=`), one place: a field Medusa does not allow there is
dropped silently, so a missing key in an answer does not mean there is no data (docs/medusa.md)."""

VARIANT_FIELDS = ("id,sku,ean,title,updated_at,prices.*,product.id,product.title,product.subtitle,product.status,"
                  "product.metadata,product.updated_at,product.collection.title,product.categories.name")
PRODUCT_FIELDS = ("id,title,subtitle,status,metadata,updated_at,collection.title,categories.name,"
                  "variants.id,variants.sku,variants.ean,variants.title,variants.updated_at,variants.prices.*")
CUSTOMER_FIELDS = ("id,email,company_name,first_name,last_name,phone,metadata,updated_at,groups.id,groups.name,"
                   "addresses.*")
# `rules` is dropped silently from the list route's fields=; `price_list_rules.*` brings them back as `rules`
PRICE_LIST_FIELDS = ("id,title,description,type,status,starts_at,ends_at,price_list_rules.*,prices.*,"
                     "prices.price_set.variant.id")
ORDER_LIST_FIELDS = ("id,display_id,status,fulfillment_status,created_at,customer_id,currency_code,total,metadata,"
                     "items.*,items.detail.*")
ORDER_FIELDS = (ORDER_LIST_FIELDS + ",subtotal,tax_total,item_subtotal,shipping_address.*,fulfillments.id,"
                "fulfillments.shipped_at,fulfillments.delivered_at,fulfillments.canceled_at,fulfillments.metadata,"
                "fulfillments.provider.id,fulfillments.labels.*,fulfillments.items.*")
