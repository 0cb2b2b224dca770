"""Form adapters: read posted HTML fields into the documents the services take, turn stored
values back into form values, and put a service's field-named refusal onto the form."""
