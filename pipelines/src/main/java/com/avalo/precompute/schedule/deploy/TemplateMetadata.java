package com.avalo.precompute.schedule.deploy;

import com.avalo.precompute.schemas.Json;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;

/**
 * A Flex Template's metadata file: what {@code gcloud dataflow flex-template build --metadata-file}
 * merges into the template spec, and what Dataflow checks every launch's parameters against.
 *
 * @param name the template's name
 * @param description what it does
 * @param parameters its parameters, in the order the console shows them
 */
public record TemplateMetadata(String name, String description, List<Parameter> parameters) {

  /**
   * One parameter (Dataflow's ParameterMetadata).
   *
   * @param name the parameter, as the pipeline's {@code --name=value}
   * @param label a short label
   * @param helpText what it means, and its default
   * @param optional whether a launch may leave it out
   * @param regexes regexes every value must match
   * @param paramType TEXT, NUMBER, BOOLEAN or ENUM
   * @param defaultValue the pipeline's default, or null
   * @param enumOptions the values of an ENUM
   */
  public record Parameter(String name, String label, String helpText, boolean optional,
      List<String> regexes, String paramType, String defaultValue, List<String> enumOptions) {

    /** This parameter under another label. */
    public Parameter withLabel(String newLabel) {
      return new Parameter(name, newLabel, helpText, optional, regexes, paramType, defaultValue,
          enumOptions);
    }
  }

  /** The parameter named {@code name}, if declared. */
  public Optional<Parameter> parameter(String name) {
    return parameters.stream().filter(parameter -> parameter.name().equals(name)).findFirst();
  }

  /** The metadata file's JSON, fields named as Dataflow's TemplateMetadata. */
  public ObjectNode toJson() {
    ObjectNode root = Json.MAPPER.createObjectNode();
    root.put("name", name);
    root.put("description", description);
    root.put("streaming", false);
    ArrayNode list = root.putArray("parameters");
    for (Parameter parameter : parameters) {
      ObjectNode node = list.addObject();
      node.put("name", parameter.name());
      node.put("label", parameter.label());
      node.put("helpText", parameter.helpText());
      if (parameter.optional()) {
        node.put("isOptional", true);
      }
      if (!parameter.regexes().isEmpty()) {
        parameter.regexes().forEach(node.putArray("regexes")::add);
      }
      node.put("paramType", parameter.paramType());
      if (parameter.defaultValue() != null) {
        node.put("defaultValue", parameter.defaultValue());
      }
      if (!parameter.enumOptions().isEmpty()) {
        ArrayNode options = node.putArray("enumOptions");
        parameter.enumOptions().forEach(value -> options.addObject().put("value", value));
      }
    }
    return root;
  }
}
